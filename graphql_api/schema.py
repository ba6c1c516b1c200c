"""The root schema: merges one Query (and Mutation) per domain.

To plug a domain in, import its module and add its `Query` / `Mutation` to the
lists below (and concrete types reached only through an interface to TYPES).
"""

import strawberry
from django.conf import settings
from strawberry.extensions import AddValidationRules, ParserCache
from strawberry.tools import merge_types

from graphql_api.applications import (
    adhesions,
    editor_forms,
    form_definitions,
    proposals,
)
from graphql_api.caching.answers import RecordOperationType
from graphql_api.content import (
    blocks,
    charter,
    deletions,
    labelled_projects,
    page_types,
    pages,
    programme,
    referentiel,
    search_connection,
    site_documents,
    sitemap,
    sites,
)
from graphql_api.core import version
from graphql_api.core.documents import DocumentRules, ValidatedDocuments
from graphql_api.core.execution import PlainLeavesExecutionContext, plain_model_types
from graphql_api.core.limits import (
    AliasLimitRule,
    CostLimit,
    DepthLimitRule,
    DocumentSizeLimits,
)

QUERIES = (
    version.Query,
    sites.Query,
    pages.Query,
    search_connection.Query,
    programme.Query,
    site_documents.Query,
    charter.Query,
    referentiel.Query,
    adhesions.Query,
    proposals.Query,
    labelled_projects.Query,
    form_definitions.Query,
    editor_forms.Query,
    sitemap.Query,
    deletions.Query,
)
MUTATIONS = (adhesions.Mutation, proposals.Mutation, editor_forms.Mutation)
TYPES = (*page_types.PAGE_TYPES, *blocks.BLOCK_TYPES)


class PartnerSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None):
        """Leave logging to the view, which masks and logs with the request id."""


schema = PartnerSchema(
    query=merge_types("Query", QUERIES),
    mutation=merge_types("Mutation", MUTATIONS) if MUTATIONS else None,
    types=TYPES,
    execution_context_class=PlainLeavesExecutionContext,
    extensions=[
        # order matters: limits run before the cached parse and validation
        DocumentSizeLimits,
        lambda: ParserCache(maxsize=settings.GRAPHQL_PARSER_CACHE_SIZE),
        DocumentRules,
        lambda: AddValidationRules([DepthLimitRule, AliasLimitRule]),
        lambda: ValidatedDocuments(maxsize=settings.GRAPHQL_VALIDATION_CACHE_SIZE),
        CostLimit,
        RecordOperationType,
    ],
)
plain_model_types(schema._schema)
