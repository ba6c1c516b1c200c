"""Compiled plans: how to complete a field's values without graphql-core's machinery.

A plan is built by `compiler.py` for a return type and a selection, and kept
across executions of the same document. `complete(value, run)` answers the
completed value, or NORMAL when graphql-core must complete it (a null where the
schema forbids one, a value the scalar refuses, a resolver raising, a class the
interface does not know): the normal way then raises the error at its path.
`run` is the execution context of the request: it gives the resolve infos and
strawberry `Info`s of the request (`Slot`), never kept in a plan.
"""

from collections.abc import Iterable, Mapping

from graphql import GraphQLInterfaceType, GraphQLObjectType, Undefined
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import TYPE_CAST_ATTRIBUTE

from graphql_api.core.leaves import DEFINITION, NORMAL

MISSING = object()
# strawberry's own resolver of an interface's concrete type (`from_interface`)
INTERFACE_RESOLVER = "_get_resolve_type.<locals>.resolve_type"
# How an object's field gets its answer (`ObjectValue.fields`).
LEAF, TYPENAME, ATTRIBUTE, RESOLVER = range(4)


class Slot:
    """A field node of the document: its resolve info, built once per execution.

    Resolvers read `info.context` (the request's cache and loaders), sometimes
    the schema or the variables; the path is the first object's, which no
    resolver of this API reads.
    """

    __slots__ = ("field_def", "nodes", "parent_type", "path", "definition")

    def __init__(self, field_def, nodes, parent_type, path):
        self.field_def = field_def
        self.nodes = nodes
        self.parent_type = parent_type
        self.path = path
        self.definition = (field_def.extensions or {}).get(DEFINITION)

    def infos(self, run):
        """(graphql-core's resolve info, strawberry's Info) for this execution."""
        infos = run.plan_infos.get(self)
        if infos is None:
            raw = run.build_resolve_info(
                self.field_def, self.nodes, self.parent_type, self.path
            )
            info_class = run.schema._strawberry_schema.config.info_class
            infos = run.plan_infos[self] = (
                raw,
                info_class(_raw_info=raw, _field=self.definition),
            )
        return infos


class LeafValue:
    """A scalar or an enum, coerced by its type as graphql-core does."""

    __slots__ = ("coerce", "non_null")

    def __init__(self, leaf_type, non_null):
        self.coerce = leaf_type.coerce_output_value
        self.non_null = non_null

    def complete(self, value, run):
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

    def complete(self, value, run):
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
            entry = complete(entry, run)
            if entry is NORMAL:
                return NORMAL
            append(entry)
        return completed


class ObjectValue:
    """An object, field by field: `fields` are (response name, how, what, plan).

    LEAF: `what(source)` is a plain leaf's answer; TYPENAME: `what` is the name; ATTRIBUTE:
    `what(source)` reads the raw value; RESOLVER: `what(source, run)` calls the
    resolver. `plan` completes the raw value.
    """

    __slots__ = ("non_null", "is_type_of", "slot", "fields")

    def __init__(self, non_null, object_type, slot, fields):
        self.non_null = non_null
        self.is_type_of = object_type.is_type_of
        self.slot = slot
        self.fields = fields

    def complete(self, value, run):
        if value is None or value is Undefined:
            return NORMAL if self.non_null else None
        if isinstance(value, Exception):
            return NORMAL
        is_type_of = self.is_type_of
        if (
            is_type_of is not None
            and is_type_of(value, self.slot.infos(run)[0]) is not True
        ):
            return NORMAL
        completed = {}
        for response_name, how, what, plan in self.fields:
            if how is LEAF:
                answer = what(value)
            elif how is TYPENAME:
                answer = what
            elif how is ATTRIBUTE:
                answer = plan.complete(what(value), run)
            else:
                answer = plan.complete(what(value, run), run)
            if answer is NORMAL:
                return NORMAL
            completed[response_name] = answer
        return completed


class AbstractValue:
    """An interface or a union: each value completed by its concrete type's plan.

    The concrete type comes from the value's class when it is exactly the class
    of one of the interface's strawberry types (strawberry's own rule), else
    from the abstract type's `resolve_type`, as graphql-core asks it; it must
    be a possible type, and its plan checks its `is_type_of`.
    """

    __slots__ = (
        "non_null",
        "abstract_type",
        "details",
        "slot",
        "compile",
        "by_class",
        "by_name",
        "by_origin",
    )

    def __init__(self, abstract_type, details, slot, non_null, compile_value):
        self.non_null = non_null
        self.abstract_type = abstract_type
        self.details = details
        self.slot = slot
        self.compile = compile_value
        self.by_class = {}
        self.by_name = {}
        self.by_origin = (
            classes_of
            if isinstance(abstract_type, GraphQLInterfaceType)
            and getattr(abstract_type.resolve_type, "__qualname__", "").endswith(
                INTERFACE_RESOLVER
            )
            else None
        )

    def complete(self, value, run):
        if value is None or value is Undefined:
            return NORMAL if self.non_null else None
        plan = None
        if self.by_origin is not None:
            cls = value.__class__
            plan = self.by_class.get(cls, MISSING)
            if plan is MISSING:
                object_type = self.by_origin(run.schema).get(cls)
                plan = self.by_class[cls] = (
                    None
                    if object_type is None
                    else self.concrete(object_type.name, run)
                )
        if plan is None or getattr(value, TYPE_CAST_ATTRIBUTE, None) is not None:
            name = self.abstract_type.resolve_type(
                value, self.slot.infos(run)[0], self.abstract_type
            )
            if not isinstance(name, str):
                return NORMAL
            plan = self.by_name.get(name, MISSING)
            if plan is MISSING:
                plan = self.by_name[name] = self.concrete(name, run)
            if plan is None:
                return NORMAL
        return plan.complete(value, run)

    def concrete(self, name, run):
        schema = run.schema
        object_type = schema.get_type(name)
        if not isinstance(object_type, GraphQLObjectType) or not schema.is_sub_type(
            self.abstract_type, object_type
        ):
            return None  # graphql-core raises its error on the normal way
        return self.compile(run, object_type, self.details, self.slot)


def classes_of(schema) -> dict:
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
