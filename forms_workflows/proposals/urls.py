from django.urls import path

from forms_workflows.proposals import hosted, public, views

app_name = "proposals"

urlpatterns = [
    path("proposal-files/<int:pk>/", views.attachment, name="attachment"),
    path("labelled-projects/", public.labelled_projects, name="labelled_projects"),
    path("proposals/new/", hosted.start, name="start"),
    path("proposals/<str:token>/", hosted.follow_up, name="follow_up"),
]
