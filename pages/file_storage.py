"""The media store: public files in one store, restricted documents in another.

Wagtail gives every image and document the default storage; this one hands a
file to the public store (`media` in STORAGES: MEDIA_ROOT or the public-read
bucket) or, when its name starts with `restricted/`, to the restricted store
(`restricted_media`: a directory outside MEDIA_ROOT, or a private bucket whose
URLs are signed and short-lived). The name alone decides, so a document row
says where its file is and moving a file is renaming it (pages.public_files).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible

from pages.public_files import is_restricted_name


@deconstructible
class RestrictedFileStorage(FileSystemStorage):
    """Restricted documents on local disk: outside MEDIA_ROOT, with no URL.

    Without a URL Wagtail's document view streams the file itself, after its
    permission check; nothing else (the web server's /media/) can reach it.
    """

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self):
        return self._value_or_setting(
            self._location, str(settings.RESTRICTED_MEDIA_ROOT)
        )

    @property
    def location(self):
        # Read at each use, not cached: tests and deployments may move it.
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("restricted documents have no direct URL")


@deconstructible
class MediaStorage(Storage):
    """Send each file to the public or the restricted store, by its name."""

    def backend(self, name):
        return storages["restricted_media" if is_restricted_name(name) else "media"]

    def __getattr__(self, attribute):
        # Anything else a backend offers (a bucket, a location) is the public one's.
        return getattr(storages["media"], attribute)

    def open(self, name, mode="rb"):
        return self.backend(name).open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend(name).save(name, content, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend(filename).generate_filename(filename)

    def get_valid_name(self, name):
        return self.backend(name).get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self.backend(name).get_available_name(name, max_length=max_length)

    def path(self, name):
        return self.backend(name).path(name)

    def delete(self, name):
        return self.backend(name).delete(name)

    def exists(self, name):
        return self.backend(name).exists(name)

    def listdir(self, path):
        return self.backend(path).listdir(path)

    def size(self, name):
        return self.backend(name).size(name)

    def url(self, name):
        return self.backend(name).url(name)

    def get_accessed_time(self, name):
        return self.backend(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend(name).get_created_time(name)

    def get_modified_time(self, name):
        return self.backend(name).get_modified_time(name)
