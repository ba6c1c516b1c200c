"""Execution of a read: plain leaf fields answered without the per-field machinery.

graphql-core executes every field of an answer the same way: a path, a resolve
info, the resolver (strawberry's wrapper around `getattr` for a field without
resolver), then the completion of the value. For a list of a hundred
signatories that is about two thousand fields, most of them a string read from
an attribute, and it took 66 to 86 % of an uncached `signatories` or `events`
read (docs/benchmarks.md, "Issue 14").

A field qualifies for the short way when strawberry itself would only read the
attribute: a basic strawberry field (no resolver, no extension, no permission),
without arguments, whose type is a scalar or an enum, or a list of them. A
strawberry-django field of a model's column qualifies on the same terms: with
no resolver, extension or relation, its own resolver only reads the column
(`StrawberryDjangoField.get_result`), so the model types keep the short way. Its
value is read and serialised by the field's own type, as graphql-core would.
Anything unexpected (a null where the schema promises a value, a value the
scalar refuses, a missing attribute) goes the normal way, which raises the
error graphql-core would raise, with its path: the answer, the errors and the
schema are the same as without the short way; only the time differs.
"""

from django.db.models.fields.files import FileDescriptor
from django.db.models.query_utils import DeferredAttribute
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry_django.fields.base import StrawberryDjangoFieldBase

DEFINITION = "strawberry-definition"
LEAF_TYPES = (GraphQLScalarType, GraphQLEnumType)
# A field that does not qualify, or an item refused: take the normal way.
NORMAL = object()


class PlainLeaf:
    """How to answer one plain leaf field: the attribute, its type, its nullability."""

    __slots__ = ("attribute", "read", "serialize", "non_null", "item", "item_non_null")

    def __init__(
        self, attribute, read, leaf, non_null, item=False, item_non_null=False
    ):
        self.attribute = attribute
        self.read = read
        self.serialize = leaf.serialize
        self.non_null = non_null
        self.item = item
        self.item_non_null = item_non_null

    def answer(self, source):
        """Return the completed value, or NORMAL if graphql-core must decide."""
        value = self.read(source, self.attribute)
        if value is None:
            return NORMAL if self.non_null else None
        if not self.item:
            serialized = self.serialize(value)
            return (
                NORMAL if serialized is None or serialized is Undefined else serialized
            )
        if isinstance(value, (str, bytes, dict)):
            return NORMAL
        completed = []
        serialize = self.serialize
        for entry in value:
            if entry is None:
                if self.item_non_null:
                    return NORMAL
                completed.append(None)
                continue
            serialized = serialize(entry)
            if serialized is None or serialized is Undefined:
                return NORMAL
            completed.append(serialized)
        return completed


def model_column(definition) -> str | None:
    """The attribute a strawberry-django field only reads, or None."""
    if (
        not isinstance(definition, StrawberryDjangoFieldBase)
        or definition.base_resolver is not None
        or definition.extensions
        or definition.permission_classes
        or definition.is_relation
    ):
        return None
    model = getattr(definition.origin_django_type, "model", None)
    attribute = definition.django_name or definition.python_name
    descriptor = getattr(model, attribute, None)
    if not isinstance(descriptor, DeferredAttribute) or isinstance(
        descriptor, FileDescriptor
    ):
        return None
    return attribute


def plain_leaf(field_def):
    """The short way for a field of the schema, or None if it takes the normal way."""
    definition = (field_def.extensions or {}).get(DEFINITION)
    if definition is None or field_def.args:
        return None
    resolve = field_def.resolve
    column = model_column(definition)
    if column is not None:
        read = getattr
        attribute = column
    elif (
        not definition.is_basic_field
        or resolve is None
        or not getattr(resolve, "__qualname__", "").endswith("_get_basic_result")
    ):
        return None
    else:
        read = definition.default_resolver
        attribute = definition.python_name
    field_type = field_def.type
    non_null = isinstance(field_type, GraphQLNonNull)
    if non_null:
        field_type = field_type.of_type
    if isinstance(field_type, LEAF_TYPES):
        return PlainLeaf(attribute, read, field_type, non_null)
    if isinstance(field_type, GraphQLList):
        item_type = field_type.of_type
        item_non_null = isinstance(item_type, GraphQLNonNull)
        if item_non_null:
            item_type = item_type.of_type
        if isinstance(item_type, LEAF_TYPES):
            return PlainLeaf(
                attribute,
                read,
                item_type,
                non_null,
                item=True,
                item_non_null=item_non_null,
            )
    return None


def plain_leaves(parent_type: GraphQLObjectType) -> dict:
    """The plain leaf fields of an object type, by field name (kept on the type)."""
    leaves = (
        parent_type.extensions.get("plain-leaves") if parent_type.extensions else None
    )
    if leaves is None:
        leaves = {}
        for name, field_def in parent_type.fields.items():
            leaf = plain_leaf(field_def)
            if leaf is not None:
                leaves[name] = leaf
        extensions = dict(parent_type.extensions or {})
        extensions["plain-leaves"] = leaves
        parent_type.extensions = extensions
    return leaves


TYPENAME = object()
# Directives that change how a list or an object is delivered, not what it holds.
DELIVERY_DIRECTIVES = frozenset({"defer", "stream"})


class PlainValue:
    """How to complete a value made only of plain leaves: an object or a list of them.

    `complete` returns the completed value, or NORMAL when graphql-core must
    complete it (a null where the schema forbids one, a refused leaf, a value
    of the wrong type): it then raises the error at the right path.
    """

    __slots__ = ("non_null", "item", "object_type", "fields")

    def __init__(self, non_null, item=None, object_type=None, fields=()):
        self.non_null = non_null
        self.item = item
        self.object_type = object_type
        self.fields = fields

    def complete(self, value, info):
        if value is None:
            return NORMAL if self.non_null else None
        if self.item is not None:
            if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
                return NORMAL
            complete = self.item.complete
            completed = []
            for entry in value:
                entry = complete(entry, info)
                if entry is NORMAL:
                    return NORMAL
                completed.append(entry)
            return completed
        object_type = self.object_type
        if object_type.is_type_of and object_type.is_type_of(value, info) is not True:
            return NORMAL
        completed = {}
        for response_name, leaf in self.fields:
            if leaf is TYPENAME:
                completed[response_name] = object_type.name
                continue
            answer = leaf.answer(value)
            if answer is NORMAL:
                return NORMAL
            completed[response_name] = answer
        return completed


class PlainLeavesExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution, with plain leaf fields read and serialised directly.

    An object whose selected fields are all plain leaves (a region's name and
    code, a plan's categories) is completed at once, without a path, a resolve
    info and a completion per field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Keyed like graphql-core's collect_subfields memo: the list stays alive
        # with its entry, so its id is not reused during this execution.
        self.plain_values = {}

    def complete_value(
        self, return_type, field_details_list, info, path, result, *rest
    ):
        key = (return_type, id(field_details_list))
        entry = self.plain_values.get(key)
        if entry is None:
            entry = (
                field_details_list,
                self.plain_value(return_type, field_details_list),
            )
            self.plain_values[key] = entry
        plan = entry[1]
        if plan is not None and not self.is_awaitable(result):
            try:
                completed = plan.complete(result, info)
            except Exception:  # the normal way raises it with its path
                completed = NORMAL
            if completed is not NORMAL:
                return completed
        return super().complete_value(
            return_type, field_details_list, info, path, result, *rest
        )

    def plain_value(self, return_type, field_details_list):
        """The plan completing a value of this type at once, or None."""
        non_null = isinstance(return_type, GraphQLNonNull)
        if non_null:
            return_type = return_type.of_type
        if isinstance(return_type, GraphQLList):
            if any(
                directive.name.value in DELIVERY_DIRECTIVES
                for details in field_details_list
                for directive in details.node.directives or ()
            ):
                return None
            item = self.plain_value(return_type.of_type, field_details_list)
            return None if item is None else PlainValue(non_null, item=item)
        if not isinstance(return_type, GraphQLObjectType):
            return None
        if self.middleware_manager is not None and self.middleware_manager.middlewares:
            return None
        grouped_field_set, new_defer_usages, _forbidden = self.collect_subfields(
            return_type, field_details_list
        )
        if new_defer_usages:
            return None
        leaves = plain_leaves(return_type)
        fields = []
        for response_name, sub_details in grouped_field_set.items():
            name = sub_details[0].node.name.value
            leaf = TYPENAME if name == "__typename" else leaves.get(name)
            if leaf is None:
                return None
            fields.append((response_name, leaf))
        return PlainValue(non_null, object_type=return_type, fields=tuple(fields))

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, *rest):
        # Strawberry passes a manager every time; only a non-empty one wraps fields.
        if self.middleware_manager is not None and self.middleware_manager.middlewares:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, *rest
            )
        leaves = plain_leaves(parent_type)
        if not leaves:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, *rest
            )
        results = {}
        others = {}
        for response_name, field_details_list in grouped_field_set.items():
            leaf = leaves.get(field_details_list[0].node.name.value)
            if leaf is not None:
                try:
                    value = leaf.answer(source_value)
                except Exception:  # the normal way raises it with its path
                    value = NORMAL
                if value is not NORMAL:
                    results[response_name] = value
                    continue
            results[response_name] = None  # keeps the order of the selection
            others[response_name] = field_details_list
        if not others:
            return results
        completed = super().execute_fields(
            parent_type, source_value, path, others, *rest
        )
        if self.is_awaitable(completed):

            async def merged():
                return merge(results, others, await completed)

            return merged()
        return merge(results, others, completed)


def merge(results, others, completed):
    """Put the normally executed fields back in their place in the selection."""
    for response_name in others:
        if response_name in completed:
            results[response_name] = completed[response_name]
        else:
            del results[response_name]
    return results


__all__ = ["PlainLeavesExecutionContext"]
