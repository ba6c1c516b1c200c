"""Seed the benchmark's database: one network, N events, signatories and projects.

    python -m bench.seed --items 100      (bench settings; migrate first)

`seed_base()` makes the site (home page with blocks and images, a page of 30
blocks, the charter, the event index); `grow(n)` adds events, signatories
and labelled projects (each with a stage awarded in a campaign) until there
are `n` of each, so one database serves N = 10, then 100, then 1,000. Beside
the `n` signatories, 45 more ("Habitat partagé", Occitanie) are what the
filtered list finds at every N.
"""

import argparse
import datetime
import io
import os

SITE_KEY = "bench"
IMAGE_COUNT = 6
THIRTY = "thirty-blocks"
GROWN = "Signataire "
# The filtered list's answer (issue 28): the same 45 signatories of one region
# at every N, among N others, so that its second page is full at N = 10 too.
FILTERED, FILTERED_COUNT, FILTERED_REGION = "Habitat partagé ", 45, "OCC"


def image(index):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    colour = (40 * index % 255, 120, 200 - 20 * index % 200)
    PILImage.new("RGB", (1600, 1000), colour).save(buffer, "JPEG", quality=70)
    return get_image_model().objects.create(
        title=f"Bench photo {index}",
        file=ImageFile(buffer, name=f"bench-{index}.jpg"),
    )


def document():
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    doc = get_document_model()(title="Rapport annuel")
    doc.file.save("rapport.pdf", ContentFile(b"%PDF-1.4 bench" * 200), save=False)
    doc.file_size = doc.file.size
    doc.save()
    return doc


def paragraph(index, page_id=None):
    link = (
        f' voir <a linktype="page" id="{page_id}">la page liée</a>' if page_id else ""
    )
    return {
        "type": "paragraph",
        "value": f"<p>Paragraphe {index} : <b>quartiers durables</b>, "
        f"sobriété foncière, mobilités douces et nature en ville.{link}</p>",
    }


def blocks(count, images, doc=None, page_id=None):
    """A BaseStreamBlock value of `count` blocks, in its stored form."""
    kinds = [
        lambda i: {"type": "heading", "value": {"text": f"Section {i}", "level": "h2"}},
        lambda i: paragraph(i, page_id),
        lambda i: {
            "type": "image",
            "value": {
                "image": images[i % len(images)].pk,
                "alt_text": f"Vue du quartier {i}",
                "caption": "Photo du réseau",
            },
        },
        lambda i: {
            "type": "quote",
            "value": {"text": "Citation", "attribution": "Élue"},
        },
        lambda i: {
            "type": "key_figures",
            "value": [
                {
                    "value": str(100 + i),
                    "unit": "",
                    "label": "quartiers",
                    "date": "2026-01-01",
                    "source": "Ministère",
                }
            ],
        },
        lambda i: {
            "type": "call_to_action",
            "value": {
                "title": "Adhérez à la charte",
                "text": "Rejoignez le réseau.",
                "label": "Signer",
                "link": {"page": page_id, "url": ""}
                if page_id
                else {"page": None, "url": "https://example.org"},
            },
        },
    ]
    if doc is not None:
        kinds.append(
            lambda i: {"type": "document", "value": {"document": doc.pk, "title": ""}}
        )
    if page_id is not None:
        kinds.append(
            lambda i: {"type": "page_link", "value": {"page": page_id, "label": ""}}
        )
    return [kinds[i % len(kinds)](i) for i in range(count)]


def add(parent, instance):
    from django.utils import timezone

    instance.locale_id = parent.locale_id
    instance.live = True
    instance.first_published_at = instance.last_published_at = timezone.now()
    return parent.add_child(instance=instance)


def seed_base():
    """Create the bench network once; return its pages by role."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale, Page, Site

    from pages.models import (
        CharterPage,
        ContentPage,
        EventIndexPage,
        HomePage,
        NetworkSettings,
        Region,
    )

    existing = Site.objects.filter(is_default_site=True, hostname="127.0.0.1").first()
    if existing is not None:
        return pages_of(existing)
    french, _ = Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")
    Site.objects.all().delete()
    images = [image(i) for i in range(IMAGE_COUNT)]
    doc = document()
    for code, name in [
        ("ARA", "Auvergne-Rhône-Alpes"),
        ("BRE", "Bretagne"),
        ("OCC", "Occitanie"),
    ]:
        Region.objects.create(name=name, code=code, locale=french)
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title="Réseau bench",
            slug="bench",
            locale=french,
            introduction="<p>Le réseau des quartiers durables.</p>",
            body=blocks(8, images, doc),
        )
    )
    Site.objects.create(
        hostname="127.0.0.1",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Bench",
    )
    NetworkSettings.objects.create(site=Site.objects.get(), key=SITE_KEY)
    charter = add(
        home,
        CharterPage(
            title="Charte",
            slug="charte",
            preamble="<p>Charte des partenaires.</p>",
            plan_categories=[
                {
                    "type": "category",
                    "value": {"title": "Formation", "actions": ["Former les élus"]},
                }
            ],
        ),
    )
    add(
        home,
        EventIndexPage(
            title="Agenda", slug="agenda", introduction="<p>Nos rencontres.</p>"
        ),
    )
    add(
        home,
        ContentPage(
            title="Trente blocs",
            slug=THIRTY,
            introduction="<p>Une page longue.</p>",
            body=blocks(30, images, doc, page_id=charter.pk),
        ),
    )
    # Reviewers receive an e-mail per application: one reviewer with an address.
    get_user_model().objects.create_superuser(
        "bench-reviewer", "reviewer@bench.invalid", None
    )
    return pages_of(Site.objects.get())


def pages_of(site):
    from pages.models import CharterPage, ContentPage, EventIndexPage, Region

    home = site.root_page.specific
    return {
        "regions": dict(Region.objects.values_list("code", "pk")),
        "site": site,
        "home": home,
        "thirty": ContentPage.objects.get(slug=THIRTY),
        "events": EventIndexPage.objects.descendant_of(home).get(),
        "charter": CharterPage.objects.descendant_of(home).get(),
    }


def grow(n):
    """Add events and signatories until there are `n` of each."""
    from django.db import transaction
    from django.utils import timezone
    from wagtail.images import get_image_model

    from pages.models import EventPage, Region, Signatory

    base = seed_base()
    images = list(get_image_model().objects.order_by("pk"))
    regions = list(Region.objects.order_by("pk"))
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    index = base["events"]
    have = EventPage.objects.count()
    with transaction.atomic():
        for i in range(have, n):
            begin = start + datetime.timedelta(days=1 + i)
            add(
                index,
                EventPage(
                    title=f"Rencontre {i:04d}",
                    slug=f"rencontre-{i:04d}",
                    start=begin,
                    end=begin + datetime.timedelta(hours=3),
                    place="Grande Arche",
                    address="1 parvis de la Défense",
                    region=regions[i % len(regions)],
                    agenda=[
                        {
                            "type": "item",
                            "value": {
                                "time": "09:30:00",
                                "title": "Accueil",
                                "speaker": "",
                                "description": "",
                            },
                        },
                        {
                            "type": "item",
                            "value": {
                                "time": "10:00:00",
                                "title": "Table ronde",
                                "speaker": "Élue",
                                "description": "Sobriété foncière.",
                            },
                        },
                    ],
                    body=blocks(3, images[i % len(images) :] + images),
                ),
            )
    grown = Signatory.objects.filter(name__startswith=GROWN)
    have = grown.count()
    Signatory.objects.bulk_create(
        [
            signatory(base, f"{GROWN}{i:04d}", regions[i % len(regions)], images, i)
            for i in range(have, n)
        ]
    )
    if not Signatory.objects.filter(name__startswith=FILTERED).exists():
        region = next(r for r in regions if r.code == FILTERED_REGION)
        Signatory.objects.bulk_create(
            [
                signatory(base, f"{FILTERED}{i:02d}", region, images, i)
                for i in range(FILTERED_COUNT)
            ]
        )
    grow_projects(n, regions, base["home"].locale_id)
    return base


def signatory(base, name, region, images, i):
    from pages.models import Signatory

    return Signatory(
        site=base["site"],
        locale_id=base["home"].locale_id,
        name=name,
        kind="local_authority",
        website="https://example.org",
        region=region,
        logo=images[i % len(images)],
        signed_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
        collaboration_plan=[
            {
                "type": "category",
                "value": {
                    "title": f"Catégorie {c}",
                    "actions": [f"Action {c}.{a}" for a in range(3)],
                },
            }
            for c in range(3)
        ],
    )


def grow_projects(n, regions, locale_id):
    """Labelled projects: a project and its stage awarded in one of two campaigns."""
    from django.db import transaction

    from forms_workflows.proposals.models import Campaign, LabelAward, Project
    from pages.models import Referentiel

    referentiel, _created = Referentiel.objects.get_or_create(
        version="bench",
        locale_id=locale_id,
        defaults={"title": "Référentiel du banc d'essai", "is_current": True},
    )
    campaigns = [
        Campaign.objects.get_or_create(
            year=year,
            defaults={
                "referentiel": referentiel,
                "opens_on": datetime.date(year, 1, 15),
                "closes_on": datetime.date(year, 6, 30),
            },
        )[0]
        for year in (2025, 2026)
    ]
    have = Project.objects.count()
    with transaction.atomic():
        for i in range(have, n):
            project = Project.objects.create(
                name=f"Écoquartier {i:04d}",
                commune=f"Commune {i:04d}",
                region=regions[i % len(regions)],
                public_summary="Renouvellement urbain, sobriété foncière et "
                "nature en ville.",
            )
            LabelAward.objects.create(
                project=project, stage=1 + i % 4, campaign=campaigns[i % 2]
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    grow(args.items)
    print(f"seeded {args.items} events, signatories and projects")


if __name__ == "__main__":
    main()
