from django.urls import path

from forms_workflows.proposals import hosted, views

app_name = "proposals"

urlpatterns = [
    path("proposal-files/<int:pk>/", views.attachment, name="attachment"),
    path("proposals/new/", hosted.start, name="start"),
    path("proposals/<str:token>/", hosted.follow_up, name="follow_up"),
]
