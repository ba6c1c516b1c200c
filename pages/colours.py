"""Colour arithmetic for the networks' looks: WCAG 2 contrast between two colours."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# WCAG 2.1 success criterion 1.4.3 (AA) for body text.
MINIMUM_CONTRAST = 4.5
WHITE = "#ffffff"


def relative_luminance(colour):
    """Return the WCAG relative luminance of a `#rrggbb` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first, second):
    """Return the WCAG contrast ratio between two `#rrggbb` colours (1 to 21)."""
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def validate_brand_colour(value):
    """Refuse a colour that white text on it (or it as text on white) would fail."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Enter a colour as # followed by six hexadecimal digits, e.g. #1d4e89."),
            code="invalid_colour",
        )
    ratio = contrast_ratio(value, WHITE)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _(
                "White text on this colour has a contrast of %(ratio)s:1; at least "
                "%(minimum)s:1 is needed to be readable. Choose a darker colour."
            ),
            code="low_contrast",
            params={"ratio": f"{ratio:.2f}", "minimum": MINIMUM_CONTRAST},
        )
