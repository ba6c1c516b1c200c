from django.urls import path

from forms_workflows import views

app_name = "forms_workflows"

urlpatterns = [
    path("applications/<str:token>/", views.status_page, name="status"),
]
