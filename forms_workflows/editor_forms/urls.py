from django.urls import path

from forms_workflows.editor_forms import views

app_name = "editor_forms"

urlpatterns = [
    path(
        "forms/unsubscribe/<str:token>/",
        views.one_click_unsubscribe,
        name="unsubscribe",
    ),
]
