# Wagtail reads an app's hooks here: the charter adhesion, a kind this app
# holds in a sub-package, declares its admin screens in its own module.
from forms_workflows.adhesions import wagtail_hooks  # noqa: F401
