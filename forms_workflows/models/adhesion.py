# The path migration 0001 takes the status token's default from.
from forms_workflows.models.application import new_status_token  # noqa: F401
