"""StreamField blocks shared by the page types and snippets of the `pages` app.

One module per kind: the page body (`body`), links (`links`), a network's
missions (`missions`), the collaboration plan (`charter`), and the programme
pages' own fields (`programme`). Every block stays importable from here.
"""

from pages.blocks.body import (
    BaseStreamBlock,
    HeadingBlock,
    ImageBlock,
    KeyFigureBlock,
    QuoteBlock,
    StakeholderRoleBlock,
)
from pages.blocks.charter import PlanCategoryBlock
from pages.blocks.links import (
    CallToActionBlock,
    DocumentBlock,
    LinkBlock,
    PageLinkBlock,
)
from pages.blocks.missions import MissionBlock, MissionsStreamBlock
from pages.blocks.programme import (
    AgendaItemBlock,
    LabelStageBlock,
    TrainingSessionBlock,
)

__all__ = [
    "AgendaItemBlock",
    "BaseStreamBlock",
    "CallToActionBlock",
    "DocumentBlock",
    "HeadingBlock",
    "ImageBlock",
    "KeyFigureBlock",
    "LabelStageBlock",
    "LinkBlock",
    "MissionBlock",
    "MissionsStreamBlock",
    "PageLinkBlock",
    "PlanCategoryBlock",
    "QuoteBlock",
    "StakeholderRoleBlock",
    "TrainingSessionBlock",
]
