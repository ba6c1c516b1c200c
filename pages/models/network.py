from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from pages.colours import validate_brand_colour


class AccessibilityStatus(models.TextChoices):
    """The compliance levels the RGAA lets a statement declare."""

    FULLY_COMPLIANT = "fully", _("fully compliant")
    PARTIALLY_COMPLIANT = "partially", _("partially compliant")
    NOT_COMPLIANT = "not", _("not compliant")


@register_setting(icon="site")
class NetworkSettings(BaseSiteSetting):
    """What makes a Wagtail site one network: its API key, front end, look and legal details."""

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
    logo = models.ForeignKey(
        "pages.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the header of the hosted site, beside the name."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#1d4e89",
        validators=[validate_brand_colour],
        help_text=_(
            "Header, links and buttons, e.g. #1d4e89. White text must stay readable "
            "on it (contrast of at least 4.5:1)."
        ),
    )
    secondary_colour = models.CharField(
        _("secondary colour"),
        max_length=7,
        default="#2e5e2e",
        validators=[validate_brand_colour],
        help_text=_(
            "Footer and accents, e.g. #2e5e2e. White text must stay readable on it "
            "(contrast of at least 4.5:1)."
        ),
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=255,
        blank=True,
        help_text=_("The organisation that publishes the site, with its legal form."),
    )
    publisher_en = models.CharField(
        _("publisher, in English"),
        max_length=255,
        blank=True,
        help_text=_("For English readers; the French one when empty."),
    )
    publication_director = models.CharField(
        _("publication director"),
        max_length=255,
        blank=True,
        help_text=_("The person legally responsible for what the site publishes."),
    )
    publication_director_en = models.CharField(
        _("publication director, in English"),
        max_length=255,
        blank=True,
        help_text=_("For English readers; the French one when empty."),
    )
    postal_address = models.TextField(
        _("postal address"),
        blank=True,
        help_text=_("The publisher's address, shown in the footer and legal notice."),
    )
    hosting_provider = models.TextField(
        _("hosting provider"),
        blank=True,
        help_text=_("Name, address and telephone of the site's host."),
    )
    accessibility_status = models.CharField(
        _("accessibility compliance"),
        max_length=20,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NOT_COMPLIANT,
        help_text=_(
            "The RGAA compliance level the latest audit found; shown in the footer."
        ),
    )
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("legal notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("front_end_url"),
        FieldPanel("contact_email"),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("primary_colour"),
                FieldPanel("secondary_colour"),
            ],
            heading=_("Look of the hosted site"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("publisher"),
                FieldPanel("publisher_en"),
                FieldPanel("publication_director"),
                FieldPanel("publication_director_en"),
                FieldPanel("postal_address"),
                FieldPanel("hosting_provider"),
            ],
            heading=_("Legal details"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_notice_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("accessibility_status"),
            ],
            heading=_("Footer pages (the French page; visitors get their language's)"),
        ),
    ]

    class Meta:
        verbose_name = _("network settings")
        verbose_name_plural = _("network settings")

    @property
    def publisher_in_language(self):
        """The publisher as the active language's readers read it."""
        return self.in_language("publisher")

    @property
    def publication_director_in_language(self):
        return self.in_language("publication_director")

    def in_language(self, name):
        english = translation.get_language() == "en" and getattr(self, f"{name}_en")
        return english or getattr(self, name)

    def __str__(self):
        return self.key
