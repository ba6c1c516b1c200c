# The old path, for graphql_api until it imports forms_workflows.adhesions.states.
from forms_workflows.adhesions.states import AdhesionStatus  # noqa: F401
