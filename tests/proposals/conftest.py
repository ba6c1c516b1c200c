import pytest


@pytest.fixture(autouse=True)
def _own_private_media(private_media):
    """Every proposal test keeps its applicants' files in a folder of its own."""
