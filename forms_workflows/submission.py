# The old path, for graphql_api until it imports forms_workflows.adhesions.services.
from forms_workflows.adhesions.services import NO_CHARTER_MESSAGE, submit_adhesion  # noqa: F401
