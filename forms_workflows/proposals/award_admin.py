"""The label awards' admin: an award the commission gave is changed by no edit form.

An award made by the workflow's `award` action is a decision in the proposal's
log: its project, stage and campaign are read-only, and it cannot be deleted
here. Awards entered by hand (labels given before this system) stay editable by
staff holding the permission; Wagtail's history logs each of those edits.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import DeleteView

DECISION_FIELDS = ("project", "stage", "campaign")


class LabelAwardForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.proposal_id:
            for name in DECISION_FIELDS:
                if name in self.fields:
                    # A disabled field keeps the stored value whatever is posted.
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Decided by the commission on proposal %(reference)s."
                    ) % {"reference": self.instance.proposal.reference}


class LabelAwardDeleteView(DeleteView):
    def get_object(self, queryset=None):
        award = super().get_object(queryset)
        if award.proposal_id:
            raise PermissionDenied
        return award
