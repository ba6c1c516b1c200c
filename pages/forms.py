from wagtail.admin.forms import WagtailAdminModelForm

from pages.decided_fields import decided_fields
from pages.permissions import sites_for_user


class SiteScopedAdminForm(WagtailAdminModelForm):
    """Offer only the sites the editor works on in a snippet's `site` field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "site" in self.fields and user is not None and not user.is_superuser:
            self.fields["site"].queryset = sites_for_user(user)
        for name in decided_fields(self.instance):
            if name in self.fields:
                # A disabled field keeps the stored value whatever is posted.
                self.fields[name].disabled = True
