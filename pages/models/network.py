from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class NetworkSettings(BaseSiteSetting):
    """What makes a Wagtail site one network: its API key, front end and contact."""

    key = models.SlugField(
        _("key"),
        max_length=50,
        unique=True,
        help_text=_(
            "Short stable name that partners pass as the API's site argument, "
            "e.g. club. Changing it breaks partner sites."
        ),
    )
    front_end_url = models.URLField(
        _("partner front end URL"),
        blank=True,
        help_text=_("Address of the public site that shows this content (previews)."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Public address where visitors can write to the network."),
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("front_end_url"),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = _("network settings")
        verbose_name_plural = _("network settings")

    def __str__(self):
        return self.key
