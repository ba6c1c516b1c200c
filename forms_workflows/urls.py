from django.urls import path

from forms_workflows import status

app_name = "forms_workflows"

urlpatterns = [
    path("applications/<str:token>/", status.status_page, name="status"),
]
