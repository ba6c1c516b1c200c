"""Fields about the API itself."""

import strawberry

# Bumped on a breaking change; docs/api-changelog.md says what changed.
API_VERSION = "2"


@strawberry.type
class Query:
    @strawberry.field(description="The API version, for partners' health checks.")
    def api_version(self) -> str:
        return API_VERSION
