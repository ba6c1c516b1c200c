import pytest

from .helpers import make_network


@pytest.fixture
def club(db):
    """The national club's site, with its French and English home pages."""
    return make_network("club", default=True)


@pytest.fixture
def req(db):
    """The Montréal network's site."""
    return make_network("req")
