"""The block picker shows a rendered sample of each block with a preview."""

import pytest
from django.urls import reverse

from pages import blocks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "block",
    [
        blocks.HeadingBlock(),
        blocks.QuoteBlock(),
        blocks.KeyFigureBlock(),
        blocks.StakeholderRoleBlock(),
        blocks.MissionBlock(),
        blocks.PlanCategoryBlock(),
        blocks.AgendaItemBlock(),
        blocks.LabelStageBlock(),
    ],
    ids=lambda block: type(block).__name__,
)
def test_the_block_preview_renders_its_sample(admin_client, block):
    sample = next(
        str(value)
        for value in block.meta.preview_value.values()
        if isinstance(value, str) and len(value) > 3 and not value[:1].isdigit()
    )

    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )

    assert response.status_code == 200
    assert sample in response.content.decode()
