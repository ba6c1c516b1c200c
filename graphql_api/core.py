"""Fields about the API itself."""

import strawberry


@strawberry.type
class Query:
    @strawberry.field(description="The API version, for partners' health checks.")
    def api_version(self) -> str:
        return "1"
