"""What the GraphQL-over-HTTP spec asks of a document beyond graphql-core's rules."""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from graphql import OperationDefinitionNode, ValuesOfCorrectTypeRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from graphql_api.core.errors import ApiError, ErrorCode


class ValuesOfCorrectType(ValuesOfCorrectTypeRule):
    """The spec's rule; a wrong value (a malformed date, an unknown enum value) is
    BAD_USER_INPUT, like the same value given as a variable, not an unknown name."""

    def report_error(self, error):
        error.extensions = {
            **(error.extensions or {}),
            "code": str(ErrorCode.BAD_USER_INPUT),
        }
        super().report_error(error)


class DocumentRules(SchemaExtension):
    """Code literal value errors as user input; refuse an ambiguous operation."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = tuple(
            ValuesOfCorrectType if rule is ValuesOfCorrectTypeRule else rule
            for rule in context.validation_rules
        )
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operations = [
            definition
            for definition in document.definitions
            if isinstance(definition, OperationDefinitionNode)
        ]
        # Strawberry falls back to the first operation when none is named; the
        # GraphQL spec requires a name as soon as there are several.
        given_name = getattr(context, "_provided_operation_name", None)
        if len(operations) > 1 and given_name is None:
            raise ApiError(
                _("The document has several operations: name one in operationName."),
                ErrorCode.OPERATION_NAME_REQUIRED,
            )
        yield


class ValidatedDocuments(SchemaExtension):
    """Validate each parsed document once, remembered by the document itself.

    Strawberry's ValidationCache keys its memo by the document, whose hash
    walks every node of it on every request (30 to 70 µs for the bench's
    queries). The parser cache hands the same document object to every
    request with the same text, so its identity is the key here; the entry
    keeps the document alive, so the identity is never another's.
    """

    def __init__(self, maxsize: int):
        super().__init__()
        self.maxsize = maxsize

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        rules = tuple(context.validation_rules)
        key = (id(document), rules)
        entry = _validated.get(key)
        if entry is None or entry[0] is not document:
            errors = validate_document(context.schema._schema, document, rules)
            entry = (document, errors)
            if len(_validated) >= self.maxsize:
                # the oldest first: a bound, not an LRU (no reordering on a hit)
                _validated.pop(next(iter(_validated)), None)
            _validated[key] = entry
        context.pre_execution_errors = entry[1]
        yield


# (id of a parsed document, its rules) -> (the document, its errors)
_validated: dict = {}
