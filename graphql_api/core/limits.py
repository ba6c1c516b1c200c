"""Safety limits: size, tokens, depth, aliases and cost, each refused with a code.

Size and tokens are checked before parsing, so a huge document costs nothing;
depth and aliases are validation rules, cached with the validation; cost needs
the variables (a list counts as its `limit`), so it is checked just before
execution.
"""

from collections.abc import Iterator
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    InlineFragmentNode,
    OperationDefinitionNode,
    Source,
    TokenKind,
    ValidationRule,
    get_named_type,
    value_from_ast,
)
from graphql.language import Lexer
from strawberry import UNSET
from strawberry.extensions import SchemaExtension

from graphql_api.core.errors import ApiError, ErrorCode

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


def setting(name):
    return getattr(settings, name)


def check_pagination(limit: int, offset: int) -> None:
    """Refuse a page size above the maximum and negative values, never cap them."""
    if limit is None or offset is None or limit < 0 or offset < 0:
        raise ApiError(
            _("limit and offset must be zero or positive."),
            ErrorCode.NEGATIVE_PAGINATION,
        )
    if limit > MAX_LIMIT:
        raise ApiError(
            _("limit must not exceed %(max)d.") % {"max": MAX_LIMIT},
            ErrorCode.LIMIT_TOO_LARGE,
            maxLimit=MAX_LIMIT,
        )


@lru_cache(maxsize=256)
def count_tokens(query: str, stop_after: int) -> int:
    """Count the lexical tokens of a document, stopping once past `stop_after`.

    Remembered per document, like the parsed document: partners repeat theirs.
    """
    lexer = Lexer(Source(query))
    count = 0
    try:
        while lexer.advance().kind != TokenKind.EOF:
            count += 1
            if count > stop_after:
                break
    except GraphQLError:
        pass  # the parser reports the syntax error with its position
    return count


class DocumentSizeLimits(SchemaExtension):
    """Refuse a document too large or with too many tokens before parsing it."""

    def on_parse(self) -> Iterator[None]:
        query = self.execution_context.query or ""
        max_size = setting("GRAPHQL_MAX_QUERY_SIZE")
        if len(query.encode()) > max_size:
            raise ApiError(
                _("The query is larger than %(max)d bytes.") % {"max": max_size},
                ErrorCode.QUERY_TOO_LARGE,
            )
        max_tokens = setting("GRAPHQL_MAX_TOKENS")
        if count_tokens(query, max_tokens) > max_tokens:
            raise ApiError(
                _("The query has more than %(max)d tokens.") % {"max": max_tokens},
                ErrorCode.TOO_MANY_TOKENS,
            )
        yield


def is_introspection(node: FieldNode) -> bool:
    return node.name.value.startswith("__")


class DepthLimitRule(ValidationRule):
    """Refuse an operation nested deeper than GRAPHQL_MAX_DEPTH (introspection aside)."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
        fragments = {
            definition.name.value: definition
            for definition in self.context.document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        max_depth = setting("GRAPHQL_MAX_DEPTH")
        if self.depth(node.selection_set, fragments, 0, set()) > max_depth:
            self.report_error(
                ApiError(
                    _("The query is nested deeper than %(max)d levels.")
                    % {"max": max_depth},
                    ErrorCode.QUERY_TOO_DEEP,
                )
            )

    def depth(self, selection_set, fragments, level, visited) -> int:
        if selection_set is None:
            return level
        deepest = level
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if is_introspection(selection):
                    continue
                if selection.selection_set is None:
                    deepest = max(deepest, level + 1)
                else:
                    deepest = max(
                        deepest,
                        self.depth(
                            selection.selection_set, fragments, level + 1, visited
                        ),
                    )
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(
                    deepest,
                    self.depth(selection.selection_set, fragments, level, visited),
                )
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in visited or name not in fragments:
                    continue  # cycles and unknown fragments are reported by graphql
                deepest = max(
                    deepest,
                    self.depth(
                        fragments[name].selection_set,
                        fragments,
                        level,
                        visited | {name},
                    ),
                )
        return deepest


class AliasLimitRule(ValidationRule):
    """Refuse a document with more than GRAPHQL_MAX_ALIASES aliases."""

    def enter_document(self, node, *_args):
        max_aliases = setting("GRAPHQL_MAX_ALIASES")
        count = 0
        stack = list(node.definitions)
        while stack:
            item = stack.pop()
            if isinstance(item, FieldNode) and item.alias is not None:
                count += 1
            selection_set = getattr(item, "selection_set", None)
            if selection_set is not None:
                stack.extend(selection_set.selections)
        if count > max_aliases:
            self.report_error(
                ApiError(
                    _("The query has more than %(max)d aliases.")
                    % {"max": max_aliases},
                    ErrorCode.TOO_MANY_ALIASES,
                )
            )


# A list's page size argument: `limit` (offset lists) or `first` (connections);
# what it multiplies: the items of a list, the edges of a connection.
PAGE_SIZES = ("limit", "first")
PAGED_ITEMS = ("items", "edges")
LOGICAL = ("AND", "OR", "NOT")


def filter_cost(value, depth=0) -> int:
    """What a list's `filters` input costs: one per lookup value, one per branch.

    AND, OR and NOT nest at most GRAPHQL_MAX_FILTER_DEPTH deep: each level
    multiplies the work of the database's planner, and no partner question
    needs more.
    """
    max_depth = setting("GRAPHQL_MAX_FILTER_DEPTH")
    if depth > max_depth:
        raise ApiError(
            _("The filter nests AND, OR and NOT deeper than %(max)d levels.")
            % {"max": max_depth},
            ErrorCode.FILTER_TOO_DEEP,
            maxDepth=max_depth,
        )
    definition = getattr(value, "__strawberry_definition__", None)
    if definition is not None:  # graphql-core built the input object already
        value = {
            field.python_name: getattr(value, field.python_name, None)
            for field in definition.fields
        }
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if v is not None and v is not UNSET}
        return sum(
            filter_cost(item, depth + 1 if key in LOGICAL else depth)
            + (1 if key in LOGICAL else 0)
            for key, item in value.items()
        )
    if isinstance(value, list | tuple):
        return sum(filter_cost(item, depth) for item in value) or 1
    return 0 if value is None else 1


# (document id, operation id, variables) -> (the document, its cost)
_costs: dict = {}
COSTS_KEPT = 1024
MAX_REMEMBERED_VARIABLES = 512


class CostLimit(SchemaExtension):
    """Refuse an operation whose estimated cost exceeds GRAPHQL_MAX_COST.

    Every object costs 1; a field with a `limit` (or a connection's `first`)
    multiplies what it selects by that size (its default when not given, at
    most the maximum page size, since a larger one is refused with its own
    code); another list counts as GRAPHQL_UNBOUNDED_LIST_COST items. A list's
    `filters` add their lookups (`filter_cost`).
    """

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operation = self.operation(document, context.operation_name)
        if operation is not None:
            cost = self.remembered_cost(document, operation, context.variables or {})
            max_cost = setting("GRAPHQL_MAX_COST")
            if cost > max_cost:
                raise ApiError(
                    _("The query is too complex: cost %(cost)d, at most %(max)d.")
                    % {"cost": cost, "max": max_cost},
                    ErrorCode.QUERY_TOO_COMPLEX,
                    cost=cost,
                    maxCost=max_cost,
                )
        yield

    def remembered_cost(self, document, operation, variables) -> int:
        """The operation's cost, computed once per parsed document and variables.

        The parser cache hands the same document to every request with the
        same text: its identity (kept alive by the entry) and the variables'
        values are the key. Large variables are not worth a key: computed.
        """
        values = repr(sorted(variables.items())) if variables else ""
        # the settings the cost depends on (tests change them)
        key = (
            id(document),
            id(operation),
            values,
            setting("GRAPHQL_UNBOUNDED_LIST_COST"),
            setting("GRAPHQL_MAX_FILTER_DEPTH"),
        )
        entry = _costs.get(key) if len(values) <= MAX_REMEMBERED_VARIABLES else None
        if entry is not None and entry[0] is document:
            return entry[1]
        self.fragments = {
            d.name.value: d
            for d in document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        self.variables = variables
        root = self.execution_context.schema._schema.get_root_type(operation.operation)
        cost = self.selection_cost(root, operation.selection_set, False)
        if len(values) <= MAX_REMEMBERED_VARIABLES:
            if len(_costs) >= COSTS_KEPT:
                _costs.pop(next(iter(_costs)), None)  # the oldest first
            _costs[key] = (document, cost)
        return cost

    @staticmethod
    def operation(document, name):
        operations = [
            d for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        if name:
            operations = [o for o in operations if o.name and o.name.value == name]
        return operations[0] if len(operations) == 1 else None

    def selection_cost(self, parent_type, selection_set, paginated) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if is_introspection(selection):
                    continue
                total += self.field_cost(parent_type, selection, paginated)
            elif isinstance(selection, InlineFragmentNode):
                fragment_type = parent_type
                if selection.type_condition is not None:
                    fragment_type = self.type_named(selection.type_condition.name.value)
                total += self.selection_cost(
                    fragment_type, selection.selection_set, paginated
                )
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    total += self.selection_cost(
                        self.type_named(fragment.type_condition.name.value),
                        fragment.selection_set,
                        paginated,
                    )
        return total

    def type_named(self, name):
        return self.execution_context.schema._schema.get_type(name)

    def field_cost(self, parent_type, node: FieldNode, paginated) -> int:
        fields = getattr(parent_type, "fields", None) or {}
        definition = fields.get(node.name.value)
        if definition is None or node.selection_set is None:
            return 0
        child_type = get_named_type(definition.type)
        own = 1
        if "filters" in definition.args:
            own += filter_cost(
                self.argument(node, "filters", definition.args["filters"])
            )
        size = next((n for n in PAGE_SIZES if n in definition.args), None)
        if size is not None:
            limit = self.argument(node, size, definition.args[size])
            limit = max(0, min(limit if isinstance(limit, int) else 0, MAX_LIMIT))
            children = self.selection_cost(child_type, node.selection_set, True)
            return own + limit * max(children, 1)
        children = self.selection_cost(child_type, node.selection_set, False)
        if self.is_list(definition.type) and not (
            paginated and node.name.value in PAGED_ITEMS
        ):
            per_item = setting("GRAPHQL_UNBOUNDED_LIST_COST")
            return own + per_item * max(children, 1)
        return own + children

    def argument(self, node: FieldNode, name, argument):
        is_size = name in PAGE_SIZES
        for given in node.arguments or ():
            if given.name.value == name:
                try:
                    return value_from_ast(given.value, argument.type, self.variables)
                except Exception:  # noqa: BLE001 - a bad value is refused elsewhere
                    return DEFAULT_LIMIT if is_size else None
        default = argument.default_value
        if not is_size:
            return None
        return default if isinstance(default, int) else DEFAULT_LIMIT

    @staticmethod
    def is_list(field_type) -> bool:
        if isinstance(field_type, GraphQLNonNull):
            field_type = field_type.of_type
        return isinstance(field_type, GraphQLList)


__all__ = [
    "AliasLimitRule",
    "CostLimit",
    "DepthLimitRule",
    "DocumentSizeLimits",
    "check_pagination",
]
