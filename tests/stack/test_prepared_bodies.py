"""A prepared page body follows what it refers to, whichever process changes it.

App servers A and B serve pages from their read model (the body prepared with
the images, documents, linked pages and regions it refers to); a change made
in a third process (a `manage.py shell`, like an editor's request on another
server) empties every prepared answer that refers to the changed object.
"""

import uuid

PAGE = """
query Page($path: String!) {
  page(site: "club", urlPath: $path) {
    ... on ContentPage {
      introduction { html }
      body {
        blockType
        ... on ImageBlock { image { title alt } }
        ... on DocumentBlock { document { title } }
        ... on PageLinkBlock { page { title url } }
      }
    }
    ... on EventPage { region { name } }
  }
}
"""

# Run in the shell: a linked page, an image, a document, a page referring to
# them (blocks and rich text) and an event in a region, all published.
SETUP = """
import datetime
from io import BytesIO
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as Picture
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from pages.models import ContentPage, EventIndexPage, EventPage, NetworkSettings, Region

tag = {tag!r}
home = NetworkSettings.objects.get(key="club").site.root_page.specific
linked = home.add_child(instance=ContentPage(title="Liée " + tag, slug="liee-" + tag))
linked.save_revision().publish()
buffer = BytesIO()
Picture.new("RGB", (320, 240), "green").save(buffer, "PNG")
image = get_image_model().objects.create(
    title="Parc " + tag, file=ImageFile(buffer, name="parc.png")
)
document = get_document_model()(title="Rapport " + tag)
document.file.save("rapport.pdf", ContentFile(b"%PDF-1.4"), save=False)
document.save()
link = '<p><a linktype="page" id="%d">lien</a></p>' % linked.pk
page = home.add_child(instance=ContentPage(
    title="Références " + tag,
    slug="references-" + tag,
    introduction=link,
    body=[
        {{"type": "image", "value": {{"image": image.pk, "alt_text": "", "caption": ""}}}},
        {{"type": "document", "value": {{"document": document.pk, "title": ""}}}},
        {{"type": "page_link", "value": {{"page": linked.pk, "label": ""}}}},
    ],
))
page.save_revision().publish()
region = Region.objects.create(name="Région " + tag, code="TEST-" + tag, locale=home.locale)
agenda = EventIndexPage.objects.descendant_of(home).first()
start = timezone.now() + datetime.timedelta(days=30)
event = agenda.add_child(instance=EventPage(
    title="Rencontre " + tag, slug="rencontre-" + tag, start=start,
    end=start + datetime.timedelta(hours=2), place="Lyon", region=region,
))
event.save_revision().publish()
print(linked.pk, image.pk, document.pk, region.pk, event.url_path[len(home.url_path):])
"""


def test_a_change_in_one_process_changes_the_prepared_pages_of_both_servers(stack):
    # given a page referring to a linked page, an image and a document, and an
    # event in a region, each served (and prepared) by A and by B
    tag = uuid.uuid4().hex[:6]
    linked, image, document, region, event_tail = stack.shell(
        SETUP.format(tag=tag)
    ).split()
    page_path = f"/references-{tag}/"
    event_path = f"/{event_tail.strip('/')}/"

    def page(server):
        return stack.query(server, PAGE, {"path": page_path})["data"]["page"]

    def event(server):
        return stack.query(server, PAGE, {"path": event_path})["data"]["page"]

    for server in ("a", "b"):
        assert page(server)["body"][2]["page"]["title"] == f"Liée {tag}"
        assert event(server)["region"]["name"] == f"Région {tag}"
    prepared = stack.sql(
        "SELECT count(*) FROM graphql_api_pagereadmodel r JOIN wagtailcore_page p "
        "ON p.id = r.page_id WHERE p.slug = %s AND r.data IS NOT NULL",
        f"references-{tag}",
    )
    assert prepared == [(1,)]

    # when, in a third process, the image, the document, the linked page and
    # the region change
    stack.shell(
        "from wagtail.documents import get_document_model; "
        "from wagtail.images import get_image_model; "
        "from wagtail.models import Page; from pages.models import Region; "
        f"i = get_image_model().objects.get(pk={image}); i.title = 'Parc neuf'; "
        "i.description = 'Un parc neuf'; i.save(); "
        f"d = get_document_model().objects.get(pk={document}); "
        "d.title = 'Rapport neuf'; d.save(); "
        f"p = Page.objects.get(pk={linked}).specific; p.title = 'Renommée'; "
        "p.slug = 'renommee-" + tag + "'; p.save_revision().publish(); "
        f"r = Region.objects.get(pk={region}); r.name = 'Région neuve'; r.save()"
    )

    # then A and B both serve the new values at once
    for server in ("b", "a", "balancer"):
        body = page(server)["body"]
        assert body[0]["image"] == {"title": "Parc neuf", "alt": "Un parc neuf"}
        assert body[1]["document"] == {"title": "Rapport neuf"}
        assert body[2]["page"]["title"] == "Renommée"
        assert body[2]["page"]["url"].endswith(f"/renommee-{tag}/")
        assert f"/renommee-{tag}/" in page(server)["introduction"]["html"]
        assert event(server)["region"] == {"name": "Région neuve"}

    # when the linked page is unpublished
    stack.shell(
        f"from wagtail.models import Page; Page.objects.get(pk={linked}).unpublish()"
    )

    # then it disappears from both servers' answers
    for server in ("a", "b"):
        assert page(server)["body"][2]["page"] is None
        assert 'href="' not in page(server)["introduction"]["html"]
