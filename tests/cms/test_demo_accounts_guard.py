"""The demo's accounts, with their published password, never land on a real server."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Site

from .production import production_settings


@pytest.mark.django_db
def test_load_demo_refuses_to_run_under_production_settings(settings):
    # given the production settings' rule
    (allowed,) = production_settings(["DEMO_ACCOUNTS_ALLOWED"]).values()
    settings.DEMO_ACCOUNTS_ALLOWED = allowed
    sites_before = Site.objects.count()

    # when an operator runs the demo loader there
    with pytest.raises(CommandError, match="--allow-demo-accounts"):
        call_command("load_demo", verbosity=0)

    # then nothing was written: no "admin" with the demo password, no demo site
    assert not get_user_model().objects.filter(username="admin").exists()
    assert Site.objects.count() == sites_before
