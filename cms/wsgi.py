import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
application = get_wsgi_application()

# Load every view (the API's schema with them) now, then move what was loaded
# out of the garbage collector's sight: these objects live as long as the
# worker, and the collector otherwise walks them all again and again while
# answering, 10 to 20 % of an uncached API read (docs/benchmarks.md).
get_resolver().url_patterns  # noqa: B018
gc.freeze()
