"""Compiling plans: a field's selection completed without the per-field machinery.

graphql-core completes every field of an answer the same way: a path, a
resolve info, strawberry's wrappers around the resolver (its `Info`, argument
conversion, extensions), the completion of the value, and for an interface
such as `Block` a type resolution per object. A page of thirty blocks or a list
of a hundred signatories pays that a few thousand times, for work that depends
only on the document: it was most of an uncached read's CPU (issue 31).

A plan (`plans.py`) is compiled for a field's return type and its field nodes
and completes every value of that field at once:

- a leaf is coerced by its type's `coerce_output_value`, a list item by item,
  an object field by field, and a null is kept where the type allows it;
- an object's field qualifies when it is a plain leaf (`leaves.py`),
  `__typename`, an attribute read (a strawberry field without resolver, a
  foreign key of a model type) whose type qualifies, or a plain strawberry
  resolver: no extension or permission, synchronous, arguments of scalar or
  enum types or lists of them (the same list is given to every call: the
  resolvers here never change their arguments). Its arguments are computed once from the field node and the
  variables (defaults included, converted by strawberry to the python names)
  and the resolver is called as strawberry calls it (`self`, `root`, `parent`
  and `info` as its signature asks), with strawberry's `Info` around a resolve
  info built once per field node and execution (`plans.Slot`);
- an interface or a union completes each value with its concrete type's plan.

Anything else (`@defer`, `@stream`, middleware, an async resolver, an argument
of an input type) has no plan, and graphql-core executes it. A value that does
not fit its plan is completed the normal way, which raises the same error at
the same path, the values inside it still taking their plans. Resolvers here
only read, so calling one again on that way changes nothing: the answer, the
errors and the schema are the same as without plans; only the time differs.

Plans are kept on the schema, per operation (of a document kept by the parser
cache) and per value of the variables used below the root fields: a plan
depends on nothing else, and the next request with the same document compiles
nothing.
"""

import contextlib
from collections import OrderedDict

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    VariableNode,
)
from graphql.execution.values import get_argument_values
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

from graphql_api.core.leaves import DEFINITION, plain_leaves
from graphql_api.core.plans import (
    ATTRIBUTE,
    LEAF,
    MISSING,
    RESOLVER,
    TYPENAME,
    AbstractValue,
    LeafValue,
    ListValue,
    ObjectValue,
    Slot,
)

LEAF_TYPES = (GraphQLScalarType, GraphQLEnumType)
# Directives that change how a list or an object is delivered, not what it holds.
DELIVERY_DIRECTIVES = frozenset({"defer", "stream"})
# The names strawberry gives its own wrappers, which plans replace.
STRAWBERRY_RESOLVER = "GraphQLCoreConverter.from_resolver.<locals>._resolver"
BASIC_RESOLVER = "GraphQLCoreConverter.from_resolver.<locals>._get_basic_result"
OPERATIONS_KEPT = 256
VARIABLE_VALUES_KEPT = 64


def compile_value(run, return_type, details, origin):
    """The plan completing values of `return_type` for these field nodes, or None.

    `origin` is the field's `Slot`, or graphql-core's resolve info for a field
    it executed. Kept in the execution's memo under graphql-core's key, so that
    the normal way, when it completes a value, finds the plans of the values
    inside, and on the schema for the next executions of the document.
    """
    key = (return_type, id(details))
    entry = run.plain_values.get(key)
    if entry is not None:
        return entry[1]
    shared = run.shared_plans
    if shared is None:
        shared = run.shared_plans = shared_plans(run)
    shared_key = (return_type, tuple([id(field.node) for field in details]))
    plan = shared.get(shared_key, MISSING)
    if plan is MISSING:
        # The list stays alive with its entry, so its id is not reused meanwhile.
        run.plain_values[key] = (details, None)
        try:
            slot = origin if isinstance(origin, Slot) else slot_of(origin)
            plan = build(run, return_type, details, slot)
        except Exception:  # noqa: BLE001 - no plan: the normal way raises what it must
            plan = None
        shared[shared_key] = plan
    run.plain_values[key] = (details, plan)
    return plan


def slot_of(info):
    field_def = info.parent_type.fields[info.field_name]
    return Slot(field_def, info.field_nodes, info.parent_type, info.path)


def shared_plans(run) -> dict:
    """The plans kept for this operation and these values of its nested variables."""
    cache = getattr(run.schema, "_plans", None)
    if cache is None:
        cache = run.schema._plans = OrderedDict()
    operation = run.operation
    entry = cache.get(id(operation))
    if entry is None or entry[0] is not operation:
        entry = (operation, nested_variables(operation, run.fragments), {})
        cache[id(operation)] = entry
        if len(cache) > OPERATIONS_KEPT:
            # the oldest first; another thread may have taken it meanwhile
            with contextlib.suppress(KeyError):
                cache.popitem(last=False)
    _operation, names, by_values = entry
    values = getattr(run.variable_values, "coerced", run.variable_values) or {}
    values_key = repr([values.get(name, MISSING) for name in names]) if names else ""
    plans = by_values.get(values_key)
    if plans is None:
        if len(by_values) >= VARIABLE_VALUES_KEPT:
            by_values.clear()
        plans = by_values[values_key] = {}
    return plans


def nested_variables(operation, fragments) -> tuple:
    """The variables a plan may depend on: all but those of root fields' arguments."""
    names = set()
    seen = set()

    def collect(node):
        if isinstance(node, VariableNode):
            names.add(node.name.value)
        elif isinstance(node, ListValueNode):
            for value in node.values:
                collect(value)
        elif isinstance(node, ObjectValueNode):
            for field in node.fields:
                collect(field.value)
        else:
            for argument in getattr(node, "arguments", None) or ():
                collect(argument.value)

    def walk(selection_set, nested):
        for selection in selection_set.selections:
            for directive in selection.directives or ():
                collect(directive)
            if isinstance(selection, FieldNode):
                if nested:
                    collect(selection)
                if selection.selection_set is not None:
                    walk(selection.selection_set, True)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set, nested)
            elif (selection.name.value, nested) not in seen:
                seen.add((selection.name.value, nested))
                fragment = fragments.get(selection.name.value)
                fragment = getattr(fragment, "definition", fragment)
                if fragment is not None:
                    walk(fragment.selection_set, nested)

    walk(operation.selection_set, False)
    return tuple(sorted(names))


def build(run, return_type, details, slot):
    if any(
        field.defer_usage is not None or field.fragment_variable_values is not None
        for field in details
    ):
        return None
    non_null = isinstance(return_type, GraphQLNonNull)
    if non_null:
        return_type = return_type.of_type
    if isinstance(return_type, LEAF_TYPES):
        return LeafValue(return_type, non_null)
    if isinstance(return_type, GraphQLList):
        if any(
            directive.name.value in DELIVERY_DIRECTIVES
            for field in details
            for directive in field.node.directives or ()
        ):
            return None
        item = compile_value(run, return_type.of_type, details, slot)
        return None if item is None else ListValue(non_null, item)
    if isinstance(return_type, (GraphQLInterfaceType, GraphQLUnionType)):
        return AbstractValue(return_type, details, slot, non_null, compile_value)
    if isinstance(return_type, GraphQLObjectType):
        return build_object(run, return_type, details, slot, non_null)
    return None


def build_object(run, object_type, details, slot, non_null):
    grouped_field_set, new_defer_usages, _forbidden = run.collect_subfields(
        object_type, details
    )
    if new_defer_usages:
        return None
    leaves = plain_leaves(object_type)
    fields = []
    for response_name, sub_details in grouped_field_set.items():
        name = sub_details[0].node.name.value
        if name == "__typename":
            fields.append((response_name, TYPENAME, object_type.name, None))
            continue
        leaf = leaves.get(name)
        if leaf is not None:
            fields.append((response_name, LEAF, leaf.answer, None))
            continue
        field_def = object_type.fields.get(name)
        if field_def is None:
            return None
        sub_slot = Slot(
            field_def,
            [field.node for field in sub_details],
            object_type,
            slot.path.add_key(response_name, object_type.name),
        )
        how, what = reader(run, field_def, sub_details, sub_slot)
        if how is None:
            return None
        plan = compile_value(run, field_def.type, sub_details, sub_slot)
        if plan is None:
            return None
        fields.append((response_name, how, what, plan))
    return ObjectValue(non_null, object_type, slot, tuple(fields))


def reader(run, field_def, details, slot):
    """How to get a field's raw value, as strawberry would: (how, what) or (None, None)."""
    definition = (field_def.extensions or {}).get(DEFINITION)
    resolve = field_def.resolve
    attribute = getattr(resolve, "attribute", None)
    if attribute is not None and not field_def.args:
        return ATTRIBUTE, lambda source: getattr(source, attribute)  # read_relation
    if (
        not isinstance(definition, StrawberryField)
        or type(definition).get_result is not StrawberryField.get_result
        or definition.extensions
        or definition.permission_classes
    ):
        return None, None
    qualname = getattr(resolve, "__qualname__", "")
    if qualname == BASIC_RESOLVER and definition.base_resolver is None:
        default, name = definition.default_resolver, definition.python_name
        return ATTRIBUTE, lambda source: default(source, name)
    if qualname != STRAWBERRY_RESOLVER:
        return None, None
    call = resolver_call(run, field_def, definition, details, slot)
    return (None, None) if call is None else (RESOLVER, call)


def resolver_call(run, field_def, definition, details, slot):
    resolver = definition.base_resolver
    if resolver is None or resolver.is_async or not callable(resolver.wrapped_func):
        return None
    if not all(plain_argument(argument.type) for argument in field_def.args.values()):
        return None
    node = details[0].node
    values = (
        get_argument_values(
            field_def, node, run.variable_values, None, run.hide_suggestions
        )
        if field_def.args or node.arguments
        else {}
    )
    strawberry_schema = run.schema._strawberry_schema
    kwargs = convert_arguments(
        values,
        definition.arguments,
        scalar_registry=strawberry_schema.schema_converter.scalar_registry,
        config=strawberry_schema.config,
    )
    # strawberry's `get_arguments`: the source as `self`, `root` or `parent`
    sources = tuple(
        parameter.name
        for parameter in (resolver.parent_parameter, resolver.root_parameter)
        if parameter is not None
    )
    info = resolver.info_parameter
    return calling(
        resolver.wrapped_func,
        resolver.self_parameter is not None,
        sources,
        None if info is None else info.name,
        kwargs,
        slot,
    )


def plain_argument(argument_type) -> bool:
    """A scalar, an enum, or a list of them: a value strawberry passes as it is."""
    if isinstance(argument_type, GraphQLNonNull):
        argument_type = argument_type.of_type
    if isinstance(argument_type, GraphQLList):
        argument_type = argument_type.of_type
        if isinstance(argument_type, GraphQLNonNull):
            argument_type = argument_type.of_type
    return isinstance(argument_type, LEAF_TYPES)


def calling(function, pass_self, sources, info_name, kwargs, slot):
    if pass_self and not sources and info_name is not None:

        def call_method(source, run):
            arguments = kwargs.copy()
            arguments[info_name] = slot.infos(run)[1]
            return function(source, **arguments)

        return call_method

    def call(source, run):
        arguments = kwargs.copy()
        if info_name is not None:
            arguments[info_name] = slot.infos(run)[1]
        for name in sources:
            arguments[name] = source
        return function(source, **arguments) if pass_self else function(**arguments)

    return call


__all__ = ["compile_value"]
