"""Compiled plans: a selection completed without graphql-core's per-field machinery.

graphql-core completes every field of an answer the same way: a path, a
resolve info, strawberry's wrappers around the resolver (its `Info`, argument
conversion, extensions), the completion of the value, and for an interface
such as `Block` a type resolution per object. A page of thirty blocks or a list
of a hundred signatories pays that a few thousand times, for work that depends
only on the document: it was most of an uncached read's CPU (issue 31).

A plan is compiled once per execution for a field's return type and its field
nodes (graphql-core's own memo key for `collect_subfields`), and then completes
every value of that field at once:

- a leaf is coerced by its type's `coerce_output_value`, a list item by item,
  an object field by field, and a null is kept where the type allows it;
- an object's field qualifies when it is a plain leaf (`leaves.py`),
  `__typename`, an attribute read (a strawberry field without resolver, a
  foreign key of a model type) whose type qualifies, or a plain strawberry
  resolver: no extension or permission, synchronous, arguments of scalar or
  enum types only. Its arguments are computed once from the field node and the
  variables (defaults included, converted by strawberry to the python names)
  and the resolver is called as strawberry calls it (`self`, `root`, `parent`
  and `info` as its signature asks). Its `info` is strawberry's `Info` around a
  resolve info built once per field node: its path is the first object's,
  which no resolver here reads;
- an interface's concrete type comes from the value's class when it is exactly
  the class of one of the interface's strawberry types (strawberry's own rule),
  else from the interface's `resolve_type`, as graphql-core asks it; the
  concrete type must be a possible type and its `is_type_of` must accept the
  value; each concrete type has its own plan for the selection.

Anything else (`@defer`, `@stream`, middleware, an async resolver, an argument
of an input type) has no plan. When a value does not fit its plan (a null where
the schema forbids one, a value the scalar refuses, a resolver raising, a class
the interface does not know), `complete` answers NORMAL and graphql-core
completes that value the normal way: it raises the same error at the same path,
and the values inside still use their plans. Resolvers only read, so calling
one again on that way changes nothing: the answer, the errors and the schema
are the same as without plans; only the time differs.
"""

from collections.abc import Iterable, Mapping

from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    Undefined,
)
from graphql.execution.values import get_argument_values
from strawberry.types.arguments import convert_arguments
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import TYPE_CAST_ATTRIBUTE
from strawberry.types.field import StrawberryField

from graphql_api.core.leaves import DEFINITION, NORMAL, plain_leaves

LEAF_TYPES = (GraphQLScalarType, GraphQLEnumType)
# Directives that change how a list or an object is delivered, not what it holds.
DELIVERY_DIRECTIVES = frozenset({"defer", "stream"})
MISSING = object()
# The names strawberry gives its own wrappers, which plans replace.
STRAWBERRY_RESOLVER = "GraphQLCoreConverter.from_resolver.<locals>._resolver"
BASIC_RESOLVER = "GraphQLCoreConverter.from_resolver.<locals>._get_basic_result"
INTERFACE_RESOLVER = "_get_resolve_type.<locals>.resolve_type"


class LeafValue:
    """A scalar or an enum returned by a resolver."""

    __slots__ = ("coerce", "non_null")

    def __init__(self, leaf_type, non_null):
        self.coerce = leaf_type.coerce_output_value
        self.non_null = non_null

    def complete(self, value):
        if value is None or value is Undefined:
            return NORMAL if self.non_null else None
        if isinstance(value, Exception):
            return NORMAL
        coerced = self.coerce(value)
        return NORMAL if coerced is None or coerced is Undefined else coerced


class ListValue:
    __slots__ = ("non_null", "item")

    def __init__(self, non_null, item):
        self.non_null = non_null
        self.item = item

    def complete(self, value):
        if value is None or value is Undefined:
            return NORMAL if self.non_null else None
        if not isinstance(value, (list, tuple)) and (
            isinstance(value, (str, bytes, bytearray, Mapping))
            or not isinstance(value, Iterable)
            or iter(value) is value  # an iterator read here is empty afterwards
        ):
            return NORMAL
        complete = self.item.complete
        completed = []
        append = completed.append
        for entry in value:
            entry = complete(entry)
            if entry is NORMAL:
                return NORMAL
            append(entry)
        return completed


class ObjectValue:
    """An object: `fields` are (response name, read the raw value, its plan or None)."""

    __slots__ = ("non_null", "is_type_of", "info", "fields")

    def __init__(self, non_null, object_type, info, fields):
        self.non_null = non_null
        self.is_type_of = object_type.is_type_of
        self.info = info
        self.fields = fields

    def complete(self, value):
        if value is None or value is Undefined:
            return NORMAL if self.non_null else None
        if isinstance(value, Exception):
            return NORMAL
        is_type_of = self.is_type_of
        if is_type_of is not None and is_type_of(value, self.info) is not True:
            return NORMAL
        completed = {}
        for response_name, read, plan in self.fields:
            answer = read(value)
            if plan is not None:
                answer = plan.complete(answer)
            if answer is NORMAL:
                return NORMAL
            completed[response_name] = answer
        return completed


class AbstractValue:
    """An interface or a union: each value completed by its concrete type's plan."""

    __slots__ = (
        "non_null",
        "abstract_type",
        "details",
        "info",
        "context",
        "by_class",
        "by_name",
        "by_origin",
    )

    def __init__(self, context, abstract_type, details, info, non_null):
        self.non_null = non_null
        self.abstract_type = abstract_type
        self.details = details
        self.info = info
        self.context = context
        self.by_class = {}
        self.by_name = {}
        # strawberry's own rule for its interfaces: an instance of a type's class
        self.by_origin = (
            strawberry_classes(context.schema)
            if isinstance(abstract_type, GraphQLInterfaceType)
            and getattr(abstract_type.resolve_type, "__qualname__", "").endswith(
                INTERFACE_RESOLVER
            )
            else {}
        )

    def complete(self, value):
        if value is None or value is Undefined:
            return NORMAL if self.non_null else None
        cls = value.__class__
        plan = self.by_class.get(cls, MISSING)
        if plan is MISSING:
            object_type = self.by_origin.get(cls)
            plan = self.by_class[cls] = (
                None if object_type is None else self.concrete(object_type.name)
            )
        if plan is None or getattr(value, TYPE_CAST_ATTRIBUTE, None) is not None:
            name = self.abstract_type.resolve_type(value, self.info, self.abstract_type)
            if not isinstance(name, str):
                return NORMAL
            plan = self.by_name.get(name, MISSING)
            if plan is MISSING:
                plan = self.by_name[name] = self.concrete(name)
            if plan is None:
                return NORMAL
        return plan.complete(value)

    def concrete(self, name):
        schema = self.context.schema
        object_type = schema.get_type(name)
        if not isinstance(object_type, GraphQLObjectType) or not schema.is_sub_type(
            self.abstract_type, object_type
        ):
            return None  # graphql-core raises its error on the normal way
        return compile_value(self.context, object_type, self.details, self.info)


def strawberry_classes(schema) -> dict:
    """The python class of each non-generic strawberry object type (kept on the schema)."""
    classes = getattr(schema, "_plan_classes", None)
    if classes is None:
        classes = {}
        for graphql_type in schema.type_map.values():
            if not isinstance(graphql_type, GraphQLObjectType):
                continue
            definition = (graphql_type.extensions or {}).get(DEFINITION)
            if (
                isinstance(definition, StrawberryObjectDefinition)
                and not definition.is_graphql_generic
                and definition.name == graphql_type.name
            ):
                classes[definition.origin] = graphql_type
        schema._plan_classes = classes
    return classes


def compile_value(context, return_type, details, info):
    """The plan completing values of `return_type` for these field nodes, or None.

    Kept in the execution's memo under graphql-core's key, so that the normal
    way, when it completes a value, finds the plans of the values inside.
    """
    key = (return_type, id(details))
    entry = context.plain_values.get(key)
    if entry is not None:
        return entry[1]
    # The list stays alive with its entry, so its id is not reused meanwhile.
    context.plain_values[key] = (details, None)
    try:
        plan = build(context, return_type, details, info)
    except Exception:  # noqa: BLE001 - no plan: the normal way raises what it must
        plan = None
    context.plain_values[key] = (details, plan)
    return plan


def build(context, return_type, details, info):
    non_null = isinstance(return_type, GraphQLNonNull)
    if non_null:
        return_type = return_type.of_type
    if isinstance(return_type, LEAF_TYPES):
        return LeafValue(return_type, non_null)
    if isinstance(return_type, GraphQLList):
        if any(
            directive.name.value in DELIVERY_DIRECTIVES
            for field_details in details
            for directive in field_details.node.directives or ()
        ):
            return None
        item = compile_value(context, return_type.of_type, details, info)
        return None if item is None else ListValue(non_null, item)
    if isinstance(return_type, (GraphQLInterfaceType, GraphQLUnionType)):
        return AbstractValue(context, return_type, details, info, non_null)
    if isinstance(return_type, GraphQLObjectType):
        return build_object(context, return_type, details, info, non_null)
    return None


def build_object(context, object_type, details, info, non_null):
    grouped_field_set, new_defer_usages, _forbidden = context.collect_subfields(
        object_type, details
    )
    if new_defer_usages:
        return None
    leaves = plain_leaves(object_type)
    fields = []
    for response_name, sub_details in grouped_field_set.items():
        node = sub_details[0].node
        name = node.name.value
        if name == "__typename":
            fields.append((response_name, typename(object_type.name), None))
            continue
        leaf = leaves.get(name)
        if leaf is not None:
            fields.append((response_name, leaf.answer, None))
            continue
        field_def = object_type.fields.get(name)
        if field_def is None:
            return None
        sub_info = context.build_resolve_info(
            field_def,
            [field_details.node for field_details in sub_details],
            object_type,
            info.path.add_key(response_name, object_type.name),
        )
        read = reader(context, field_def, sub_details, sub_info)
        if read is None:
            return None
        plan = compile_value(context, field_def.type, sub_details, sub_info)
        if plan is None:
            return None
        fields.append((response_name, read, plan))
    return ObjectValue(non_null, object_type, info, tuple(fields))


def typename(name):
    return lambda _source: name


def reader(context, field_def, details, info):
    """How to get a field's raw value from its object, as strawberry would, or None."""
    definition = (field_def.extensions or {}).get(DEFINITION)
    resolve = field_def.resolve
    attribute = getattr(resolve, "attribute", None)
    if attribute is not None and not field_def.args:
        return lambda source: getattr(source, attribute)  # `leaves.read_relation`
    if (
        not isinstance(definition, StrawberryField)
        or type(definition).get_result is not StrawberryField.get_result
        or definition.extensions
        or definition.permission_classes
    ):
        return None
    qualname = getattr(resolve, "__qualname__", "")
    if qualname == BASIC_RESOLVER and definition.base_resolver is None:
        default, name = definition.default_resolver, definition.python_name
        return lambda source: default(source, name)
    if qualname != STRAWBERRY_RESOLVER:
        return None
    return resolver_call(context, field_def, definition, details, info)


def resolver_call(context, field_def, definition, details, info):
    resolver = definition.base_resolver
    if resolver is None or resolver.is_async or not callable(resolver.wrapped_func):
        return None
    for argument in field_def.args.values():
        argument_type = argument.type
        if isinstance(argument_type, GraphQLNonNull):
            argument_type = argument_type.of_type
        if not isinstance(argument_type, LEAF_TYPES):
            return None
    first = details[0]
    if first.fragment_variable_values is not None:
        return None
    node = first.node
    values = (
        get_argument_values(
            field_def, node, context.variable_values, None, context.hide_suggestions
        )
        if field_def.args or node.arguments
        else {}
    )
    strawberry_schema = context.schema._strawberry_schema
    config = strawberry_schema.config
    strawberry_info = config.info_class(_raw_info=info, _field=definition)
    kwargs = convert_arguments(
        values,
        definition.arguments,
        scalar_registry=strawberry_schema.schema_converter.scalar_registry,
        config=config,
        info=strawberry_info,
    )
    # strawberry's `get_arguments`: the source as `self`, `root` or `parent`
    sources = [
        parameter.name
        for parameter in (resolver.parent_parameter, resolver.root_parameter)
        if parameter is not None
    ]
    if resolver.info_parameter is not None:
        kwargs[resolver.info_parameter.name] = strawberry_info
    return calling(
        resolver.wrapped_func, resolver.self_parameter is not None, sources, kwargs
    )


def calling(function, pass_self, sources, kwargs):
    if not sources:
        if pass_self:
            return lambda source: function(source, **kwargs)
        return lambda _source: function(**kwargs)

    def call(source):
        arguments = dict(kwargs)
        for name in sources:
            arguments[name] = source
        return function(source, **arguments) if pass_self else function(**arguments)

    return call


__all__ = ["compile_value"]
