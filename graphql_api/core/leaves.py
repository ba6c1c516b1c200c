"""Plain leaf fields: those strawberry would only read, answered without its machinery.

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
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.db.models.query_utils import DeferredAttribute
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    Undefined,
)
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
        self.serialize = leaf.coerce_output_value
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
        if not isinstance(value, (list, tuple)):
            return NORMAL  # an iterator read here would be empty for the normal way
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


def read_relation(attribute):
    def resolve(source, _info):
        return getattr(source, attribute)

    resolve.attribute = attribute  # read directly by the compiled plans
    return resolve


def plain_model_types(graphql_schema) -> None:
    """Answer strawberry-django's model types as fast as plain strawberry types.

    strawberry-django resolves a relation through its own resolver (argument
    parsing, a queryset hook), a hundred times per list; a foreign key with no
    resolver, extension or permission, already joined by the list's
    `select_related`, is an attribute read like the plain field it was before.
    It also checks each object's type (`is_type_of`), which a type outside any
    interface or union does not need: strawberry's own types do without.
    """
    for graphql_type in graphql_schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        origin = getattr(
            (graphql_type.extensions or {}).get(DEFINITION), "origin", None
        )
        if hasattr(origin, "__strawberry_django_definition__") and not (
            graphql_type.interfaces or in_union(graphql_schema, graphql_type)
        ):
            graphql_type.is_type_of = None
        for field_def in graphql_type.fields.values():
            attribute = foreign_key(field_def)
            if attribute is not None:
                field_def.resolve = read_relation(attribute)


def in_union(graphql_schema, graphql_type) -> bool:
    return any(
        isinstance(other, GraphQLUnionType) and graphql_type in other.types
        for other in graphql_schema.type_map.values()
    )


def foreign_key(field_def) -> str | None:
    """The attribute of a strawberry-django foreign key it only reads, or None."""
    definition = (field_def.extensions or {}).get(DEFINITION)
    if (
        not isinstance(definition, StrawberryDjangoFieldBase)
        or field_def.args
        or definition.base_resolver is not None
        or definition.extensions
        or definition.permission_classes
        or not definition.is_relation
    ):
        return None
    model = getattr(definition.origin_django_type, "model", None)
    attribute = definition.django_name or definition.python_name
    if isinstance(getattr(model, attribute, None), ForwardManyToOneDescriptor):
        return attribute
    return None


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


__all__ = ["NORMAL", "PlainLeaf", "plain_leaves", "plain_model_types"]
