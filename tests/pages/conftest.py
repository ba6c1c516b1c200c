import pytest
from django.core.exceptions import ValidationError

from .helpers import make_network


@pytest.fixture
def club(db):
    """The national club's site, with its French and English home pages."""
    return make_network("club", default=True)


@pytest.fixture
def req(db):
    """The Montréal network's site."""
    return make_network("req")


def error_codes(error):
    """Return every error code inside a (possibly nested) form or block error."""
    if isinstance(error, dict):
        return {code for value in error.values() for code in error_codes(value)}
    if isinstance(error, list | tuple):
        return {code for value in error for code in error_codes(value)}
    codes = set()
    for attribute in ("block_errors", "non_block_errors"):
        nested = getattr(error, attribute, None)
        if nested:
            if hasattr(nested, "as_data"):
                nested = nested.as_data()
            codes |= error_codes(nested)
    if isinstance(error, ValidationError) and not codes:
        if hasattr(error, "error_dict"):
            return error_codes(error.error_dict)
        if hasattr(error, "code") and error.code:
            return {error.code}
        return {e.code for e in error.error_list if e.code}
    return codes
