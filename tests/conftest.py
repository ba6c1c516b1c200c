import pytest
from django.core.management import call_command


@pytest.fixture
def load_demo(db, django_capture_on_commit_callbacks):
    """Return a function that runs `load_demo` as `make demo` does, commit hooks included.

    Wagtail Localize publishes translations on commit; test transactions never
    commit, so the hooks are run here.
    """

    def load():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", verbosity=0)

    return load


@pytest.fixture
def demo_content(load_demo):
    """The demo sites and pages, as `make demo` loads them."""
    load_demo()
