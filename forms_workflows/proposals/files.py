"""Attachments: types checked from the content, sizes from settings, private storage.

Files never live under MEDIA_ROOT: `private_storage` has no public URL and the
only way to read one is `views.attachment`, which checks who asks.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

FILE_TYPE_NOT_ALLOWED = "FILE_TYPE_NOT_ALLOWED"
FILE_TOO_LARGE = "FILE_TOO_LARGE"
MAX_ILLUSTRATIONS = 10

PDF = "application/pdf"
IMAGES = ("image/jpeg", "image/png", "image/webp")
# What each kind of attachment may be, whatever the file's name says.
ALLOWED_TYPES = {"plan": (PDF,), "charter": (PDF,), "illustration": IMAGES}


@deconstructible
class PrivateStorage(FileSystemStorage):
    """The private file store; its location and limits come from settings."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, str(settings.PRIVATE_MEDIA_ROOT))

    @property
    def location(self):
        # Read at each use, not cached: tests and deployments may move it.
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("private files have no public URL")


class PrivateFiles(LazyObject):
    """The store named "private" in STORAGES, looked up at first use.

    Local disk by default (`PrivateStorage`), a private bucket when scaled out.
    It deconstructs as `PrivateStorage`, so the choice of store is configuration,
    not a migration.
    """

    def _setup(self):
        self._wrapped = storages["private"]

    def deconstruct(self):
        return ("forms_workflows.proposals.files.PrivateStorage", (), {})


private_storage = PrivateFiles()


def max_file_size():
    return getattr(settings, "PROPOSALS_MAX_FILE_SIZE", 10 * 1024 * 1024)


def max_total_size():
    return getattr(settings, "PROPOSALS_MAX_TOTAL_SIZE", 40 * 1024 * 1024)


def sniff(uploaded):
    """The MIME type read from the first bytes of the file, or None."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(262)
    uploaded.seek(position)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_file(kind, uploaded):
    """Return the content type of `uploaded` if allowed for `kind`, else raise."""
    if uploaded.size > max_file_size():
        raise ValidationError(
            _("This file is too large (at most %(limit)s MB)."),
            code=FILE_TOO_LARGE,
            params={"limit": max_file_size() // (1024 * 1024)},
        )
    content_type = sniff(uploaded)
    if content_type not in ALLOWED_TYPES.get(kind, ()):
        raise ValidationError(
            _(
                "This kind of file is not accepted here: send a PDF for the plan "
                "and the charter, a JPEG, PNG or WebP image for illustrations."
            ),
            code=FILE_TYPE_NOT_ALLOWED,
        )
    return content_type


def check_total(sizes):
    if sum(sizes) > max_total_size():
        raise ValidationError(
            _("The files of a proposal may not exceed %(limit)s MB in all."),
            code=FILE_TOO_LARGE,
            params={"limit": max_total_size() // (1024 * 1024)},
        )


def check_storage(stored, checked_uploads):
    """Refuse a save that would leave a draft over its number or size of files.

    `stored` are the draft's attachments, `checked_uploads` the save's
    `(kind, file, type)`. What a save sends replaces the stored files of that
    kind (one plan, one charter, one set of illustrations), so the check is on
    what would remain.
    """
    sent = {kind for kind, _uploaded, _type in checked_uploads}
    kept = [attachment for attachment in stored if attachment.kind not in sent]
    kinds = [a.kind for a in kept] + [kind for kind, _u, _t in checked_uploads]
    if kinds.count("illustration") > MAX_ILLUSTRATIONS:
        raise ValidationError(
            {
                "illustrations": ValidationError(
                    _("Too many illustrations."), code="too_many"
                )
            }
        )
    try:
        check_total([a.size for a in kept] + [u.size for _k, u, _t in checked_uploads])
    except ValidationError as error:
        raise ValidationError({"attachments": error}) from None
