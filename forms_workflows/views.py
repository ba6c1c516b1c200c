# The old path, for graphql_api until it imports forms_workflows.status.
from forms_workflows.status import find_application  # noqa: F401
