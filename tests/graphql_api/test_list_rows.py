"""Lists read as rows: signatories and organisations, logos and their renditions."""

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fixtures.graphql import make_image, make_region

SIGNATORIES = """
{
  signatoriesConnection(first: 50) {
    edges { node { name logo {
      alt url width rendition(filter: "fill-400x300") { url width height }
    } } }
  }
}
"""


def logos(body):
    edges = body["data"]["signatoriesConnection"]["edges"]
    return {edge["node"]["name"]: edge["node"]["logo"] for edge in edges}


@pytest.fixture
def signed(network_keys, locales):
    """Add `count` signatories of the club, each with a logo of its own."""
    from pages.models import Signatory

    club = network_keys["club"][0]
    region = make_region(locales)

    def add(count, start=0):
        for i in range(start, start + count):
            Signatory.objects.create(
                site=club,
                name=f"Signataire {i:02}",
                kind="local_authority",
                region=region,
                logo=make_image(f"Logo{i}", 64, 48),
                locale=locales["fr"],
            )

    return add


def read(gql):
    cache.clear()  # the answer cache would answer without reading the logos
    with CaptureQueriesContext(connection) as captured:
        body = gql.query(SIGNATORIES)
    assert "errors" not in body, body
    return len(captured), body


def test_a_new_process_makes_every_logos_rendition_with_the_same_sql_at_any_size(
    gql, signed
):
    from graphql_api.content import images

    # given renditions made by an earlier read (or the worker), then a process
    # that has looked none of them up
    signed(2)
    read(gql)
    images._RENDITIONS.clear()
    few, _ = read(gql)
    signed(10, start=2)
    read(gql)
    images._RENDITIONS.clear()
    many, body = read(gql)
    assert many == few
    assert all(
        logo["rendition"]["url"].endswith(".fill-400x300.png")
        for logo in logos(body).values()
    )
    # Remembered: the next read asks for no image at all beyond the rows.
    again, _ = read(gql)
    assert again < many


def test_a_logos_new_description_and_file_show_in_the_next_read(gql, signed):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage

    from pages.models import Signatory

    signed(1)
    before = logos(read(gql)[1])["Signataire 00"]
    assert before["alt"] == "Logo0"
    image = Signatory.objects.get(name="Signataire 00").logo
    image.description = "Le logo de la ville"
    # A new file of the same image: its renditions are new too.
    buffer = BytesIO()
    PILImage.new("RGB", (80, 60), "blue").save(buffer, "PNG")
    image.file = ImageFile(buffer, name="nouveau.png")
    image.width, image.height = 80, 60
    image.save()
    image.renditions.all().delete()  # as Wagtail's edit view does for a new file
    after = logos(read(gql)[1])["Signataire 00"]
    assert after["alt"] == "Le logo de la ville"
    assert after["width"] == 80
    assert "nouveau" in after["url"]
    assert "nouveau" in after["rendition"]["url"]
    assert after["rendition"]["url"] != before["rendition"]["url"]


def test_a_cursor_is_signed_as_djangos_signer_signs_it(settings):
    from graphql_api.content.cursors import SALT, sign

    assert sign("abc") == signing.Signer(salt=SALT).sign("abc")
    settings.SECRET_KEY = "another secret key, rotated"
    assert sign("abc") == signing.Signer(salt=SALT).sign("abc")


EVERY_FIELD = """
{
  signatories(limit: 10) {
    items {
      id name kind organisationType website signedOn locale
      region { id name code contactName contactUrl locale }
      logo { alt } collaborationPlan { title actions }
    }
  }
  organisations(limit: 10) {
    items { id name organisationType url locale region { code } logo { alt } }
  }
}
"""


def test_a_list_row_answers_what_its_model_instance_did(gql, network_keys, locales):
    import datetime

    from pages.models import Organisation, Signatory

    club = network_keys["club"][0]
    region = make_region(locales)
    full = Signatory.objects.create(
        site=club,
        name="Ville de Toulouse",
        kind="local_authority",
        region=region,
        website="https://toulouse.example",
        signed_on=datetime.date(2024, 2, 29),
        logo=make_image("Toulouse", 64, 48),
        collaboration_plan=[
            {"type": "category", "value": {"title": "Eau", "actions": ["Agir"]}}
        ],
        locale=locales["fr"],
    )
    bare = Signatory.objects.create(
        site=club, name="Zèbre", kind="company", locale=locales["fr"]
    )
    Organisation.objects.create(
        site=club, name="Union", kind="association", region=region, locale=locales["fr"]
    )
    body = gql.query(EVERY_FIELD)
    assert "errors" not in body, body
    first, second = body["data"]["signatories"]["items"]
    assert first == {
        "id": str(full.pk),
        "name": "Ville de Toulouse",
        "kind": "local_authority",
        "organisationType": "LOCAL_AUTHORITY",
        "website": "https://toulouse.example",
        "signedOn": "2024-02-29",
        "locale": "fr",
        "region": {
            "id": str(region.pk),
            "name": "Occitanie",
            "code": "OCC",
            "contactName": "",
            "contactUrl": "",
            "locale": "fr",
        },
        "logo": {"alt": "Toulouse"},
        "collaborationPlan": [{"title": "Eau", "actions": ["Agir"]}],
    }
    assert second["id"] == str(bare.pk)
    assert (second["region"], second["logo"], second["signedOn"]) == (None, None, None)
    assert second["collaborationPlan"] == []
    (organisation,) = body["data"]["organisations"]["items"]
    assert organisation["region"] == {"code": "OCC"}
    assert organisation["organisationType"] == "ASSOCIATION"
