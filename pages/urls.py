from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("site-map/", views.sitemap, name="sitemap"),
    path("api-docs/", views.api_docs, name="api_docs"),
    path("api-docs/changelog/", views.api_changelog, name="api_changelog"),
    path("api-docs/schema.graphql", views.api_schema, name="api_schema"),
]
