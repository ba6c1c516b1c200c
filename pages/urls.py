from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("site-map/", views.sitemap, name="sitemap"),
    path("api-docs/", views.api_docs, name="api_docs"),
]
