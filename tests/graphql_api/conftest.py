import json

import pytest
from wagtail.models import Locale, Page, Site


class GraphQLClient:
    """Post or get GraphQL documents the way a partner's front end does."""

    def __init__(self, client):
        self.client = client

    def post(self, query, variables=None, **headers):
        body = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return self.client.post(
            "/graphql/", json.dumps(body), content_type="application/json", **headers
        )

    def get(self, query, variables=None, **headers):
        params = {"query": query}
        if variables is not None:
            params["variables"] = json.dumps(variables)
        return self.client.get("/graphql/", params, **headers)

    def query(self, query, variables=None, **headers):
        """POST and return the decoded body, checking the HTTP layer accepted it."""
        response = self.post(query, variables, **headers)
        assert response.status_code == 200, response.content
        return response.json()


def codes(body):
    return [error["extensions"]["code"] for error in body.get("errors", [])]


@pytest.fixture
def gql(client):
    return GraphQLClient(client)


@pytest.fixture
def locales(db):
    french, _ = Locale.objects.get_or_create(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")
    return {"fr": french, "en": english}


def make_home(hostname, title, locales, *, default=False, site_name=None, english=True):
    """Create a site whose French home page has, optionally, a live English copy."""
    from pages.models import HomePage

    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title=title, slug=hostname.split(".")[0], locale=locales["fr"]
        )
    )
    site = Site.objects.create(
        hostname=hostname,
        port=80,
        root_page=home,
        is_default_site=default,
        site_name=site_name or title,
    )
    if english:
        translation = home.copy_for_translation(locales["en"])
        translation.title = f"{title} (EN)"
        translation.save_revision().publish()
    return site, home


@pytest.fixture
def two_sites(locales):
    Site.objects.all().delete()
    club, club_home = make_home("club.localhost", "Club", locales, default=True)
    req, req_home = make_home("req.localhost", "Regroupement", locales, english=False)
    return {"club": (club, club_home), "req": (req, req_home)}


def add_page(parent, model, title, *, live=True, publish=True, **fields):
    """Add a page below `parent`; published unless `live` is false."""
    from django.utils import timezone
    from django.utils.text import slugify

    fields.setdefault("slug", slugify(title))
    page = parent.add_child(
        instance=model(
            title=title,
            live=live,
            locale_id=parent.locale_id,
            first_published_at=timezone.now() if live else None,
            **fields,
        )
    )
    if publish and live:
        page.save_revision().publish()
    return page


@pytest.fixture
def network_keys(two_sites):
    from pages.models import NetworkSettings

    NetworkSettings.objects.create(
        site=two_sites["club"][0], key="club", front_end_url="https://club.example"
    )
    NetworkSettings.objects.create(site=two_sites["req"][0], key="req")
    return two_sites


def make_image(title="Photo", width=640, height=480):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PILImage.new("RGB", (width, height), "green").save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower()}.png")
    )


def make_document(title="Rapport"):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title=title)
    document.file.save("rapport.pdf", ContentFile(b"%PDF-1.4 demo"), save=False)
    document.file_size = document.file.size
    document.save()
    return document


def body_blocks(image=None, document=None, page=None, link_html=""):
    """A BaseStreamBlock value in its stored form, covering every block type."""
    blocks = [
        {"type": "heading", "value": {"text": "Titre", "level": "h2"}},
        {"type": "paragraph", "value": f"<p>Texte {link_html}</p>"},
        {"type": "quote", "value": {"text": "Citation", "attribution": "Élue"}},
        {
            "type": "key_figures",
            "value": [
                {
                    "value": "500",
                    "unit": "",
                    "label": "quartiers",
                    "date": "2024-01-01",
                    "source": "Ministère",
                }
            ],
        },
        {
            "type": "call_to_action",
            "value": {
                "title": "Adhérez",
                "text": "",
                "label": "Signer",
                "link": {"page": None, "url": "https://example.org"},
            },
        },
    ]
    if image is not None:
        blocks.append(
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "Un parc", "caption": ""},
            }
        )
    if document is not None:
        blocks.append(
            {"type": "document", "value": {"document": document.pk, "title": ""}}
        )
    if page is not None:
        blocks.append({"type": "page_link", "value": {"page": page.pk, "label": ""}})
    return blocks


def make_region(locales, name="Occitanie", code="OCC"):
    from pages.models import Region

    return Region.objects.create(name=name, code=code, locale=locales["fr"])


def plan(*titles):
    return [
        {"type": "category", "value": {"title": title, "actions": ["Agir"]}}
        for title in titles
    ]
