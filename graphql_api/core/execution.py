"""Execution of a read: values completed by compiled plans, leaves read directly.

Strawberry's execution context, with two shortcuts that change the time only:

- `complete_value` completes a field's value with its compiled plan
  (`compiler.py`, `plans.py`): objects, lists, interfaces and the resolvers inside them,
  without a path, a resolve info and a completion per field. A value that does
  not fit its plan is completed the normal way, which raises graphql-core's
  error at its path;
- `execute_fields`, when graphql-core executes an object's fields itself (the
  root, or a value that took the normal way), answers its plain leaves
  (`leaves.py`) directly and executes the others normally.

With middleware (a schema extension's `resolve`), neither applies.
"""

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graphql_api.core.compiler import compile_value
from graphql_api.core.leaves import NORMAL, plain_leaves, plain_model_types


class PlainLeavesExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution, with compiled plans and plain leaves read directly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Keyed like graphql-core's collect_subfields memo: the list stays alive
        # with its entry, so its id is not reused during this execution.
        self.plain_values = {}
        # This execution's resolve infos by field node (`plans.Slot`), and the
        # plans kept for its document (`compiler.shared_plans`).
        self.plan_infos = {}
        self.shared_plans = None
        # Strawberry passes a manager every time; only a non-empty one wraps fields.
        self.short_way = not (
            self.middleware_manager is not None and self.middleware_manager.middlewares
        )

    def complete_value(
        self, return_type, field_details_list, info, path, result, *rest
    ):
        if self.short_way and not self.is_awaitable(result):
            plan = compile_value(self, return_type, field_details_list, info)
            if plan is not None:
                try:
                    completed = plan.complete(result, self)
                except Exception:  # noqa: BLE001 - the normal way raises it with its path
                    completed = NORMAL
                if completed is not NORMAL:
                    return completed
        return super().complete_value(
            return_type, field_details_list, info, path, result, *rest
        )

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, *rest):
        leaves = plain_leaves(parent_type) if self.short_way else None
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
                except Exception:  # noqa: BLE001 - the normal way raises it with its path
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


__all__ = ["PlainLeavesExecutionContext", "plain_leaves", "plain_model_types"]
