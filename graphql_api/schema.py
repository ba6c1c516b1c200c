"""The root schema: merges one Query (and Mutation) per domain."""

import strawberry
from strawberry_django.optimizer import DjangoOptimizerExtension


@strawberry.type
class Query:
    @strawberry.field(description="The API version, for partners' health checks.")
    def api_version(self) -> str:
        return "1"


schema = strawberry.Schema(query=Query, extensions=[DjangoOptimizerExtension()])
