"""Each page type can be created in the admin where it belongs, and nowhere else."""

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pages.models import (
    CharterPage,
    ContentPage,
    CustomImage,
    EventIndexPage,
    EventPage,
    HomePage,
    LabelProgrammePage,
    MissionsPage,
    NewsIndexPage,
    NewsPage,
    Organisation,
    OrganisationPage,
    Region,
    TrainingIndexPage,
    TrainingPage,
)

from .helpers import listblock, make_network, make_user, paragraph


class PageTypeTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = make_network("club", default=True)
        cls.home = cls.site.root_page.specific
        cls.admin = make_user("admin", superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def add_child(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page


class HomeAndContentPagesTests(PageTypeTestCase):
    def test_a_network_home_is_created_at_the_root(self):
        image = CustomImage.objects.create(title="Quartier", file=get_test_image_file())
        self.assertCanCreate(
            Page.get_first_root_node(),
            HomePage,
            nested_form_data(
                {
                    "title": "Réseau des régies",
                    "slug": "regies",
                    "introduction": paragraph("Gérer ensemble le quartier."),
                    "body": streamfield(
                        [
                            ("heading", {"text": "Chiffres clés", "level": "h2"}),
                            (
                                "key_figures",
                                listblock(
                                    [
                                        {
                                            "value": "2000",
                                            "unit": "",
                                            "label": "bénévoles",
                                            "date": "2024-01-01",
                                            "source": "CNLRQ",
                                        }
                                    ]
                                ),
                            ),
                            (
                                "image",
                                {
                                    "image": image.pk,
                                    "alt_text": "Des habitants au jardin",
                                    "caption": "",
                                },
                            ),
                        ]
                    ),
                }
            ),
        )
        home = HomePage.objects.get(slug="regies")
        self.assertEqual(home.body[1].value[0]["label"], "bénévoles")

    def test_a_content_page_holds_every_kind_of_section(self):
        self.assertCanCreate(
            self.home,
            ContentPage,
            nested_form_data(
                {
                    "title": "Les acteurs",
                    "introduction": rich_text("<p>Qui fait quoi.</p>"),
                    "body": streamfield(
                        [
                            ("paragraph", paragraph("Quatre rôles.")),
                            ("quote", {"text": "Ensemble.", "attribution": "Une élue"}),
                            (
                                "stakeholder_roles",
                                listblock(
                                    [
                                        {
                                            "name": "Habitants",
                                            "description": paragraph("Ils agissent."),
                                            "examples": listblock(["Locataires"]),
                                        }
                                    ]
                                ),
                            ),
                            (
                                "call_to_action",
                                {
                                    "title": "Rejoindre",
                                    "text": "",
                                    "link": {"page": "", "url": "https://example.org"},
                                    "label": "Adhérer",
                                },
                            ),
                            ("page_link", {"page": self.home.pk, "label": ""}),
                        ]
                    ),
                }
            ),
        )
        page = ContentPage.objects.get(slug="les-acteurs")
        self.assertEqual(
            [block.block_type for block in page.body],
            ["paragraph", "quote", "stakeholder_roles", "call_to_action", "page_link"],
        )

    def test_content_pages_nest_under_home_and_content_pages_only(self):
        self.assertCanCreateAt(ContentPage, ContentPage)
        self.assertCanNotCreateAt(Page, ContentPage)
        self.assertCanNotCreateAt(EventIndexPage, ContentPage)
        self.assertCanNotCreateAt(HomePage, HomePage)


class NetworkPagesTests(PageTypeTestCase):
    def test_a_missions_page_lists_numbered_missions(self):
        self.assertCanCreate(
            self.home,
            MissionsPage,
            nested_form_data(
                {
                    "title": "Nos missions",
                    "introduction": rich_text(""),
                    "missions": streamfield(
                        [
                            (
                                "mission",
                                {
                                    "number": "1",
                                    "title": "Porte-parole",
                                    "text": paragraph("Parler au nom des membres."),
                                },
                            ),
                            (
                                "mission",
                                {
                                    "number": "2",
                                    "title": "Autonomie",
                                    "text": paragraph("Respecter chaque organisme."),
                                },
                            ),
                        ]
                    ),
                }
            ),
        )
        page = MissionsPage.objects.get(slug="nos-missions")
        self.assertEqual([m.value["number"] for m in page.missions], [1, 2])

    def test_a_charter_page_holds_commitments_and_plan_categories(self):
        self.assertCanCreate(
            self.home,
            CharterPage,
            nested_form_data(
                {
                    "title": "Charte des partenaires",
                    "preamble": paragraph("Atteindre les objectifs de la COP21."),
                    "commitments": streamfield(
                        [("commitment", paragraph("Promouvoir la démarche."))]
                    ),
                    "signature_clause": paragraph("Rejoindre la commission."),
                    "plan_categories": streamfield(
                        [
                            (
                                "category",
                                {
                                    "title": "Former ensemble",
                                    "actions": listblock(["Organiser des ateliers"]),
                                },
                            )
                        ]
                    ),
                }
            ),
        )
        page = CharterPage.objects.get(slug="charte-des-partenaires")
        self.assertEqual(
            list(page.plan_categories[0].value["actions"]), ["Organiser des ateliers"]
        )

    def test_an_organisation_page_links_partners_regions_and_dated_figures(self):
        region = Region.objects.create(name="Occitanie", code="OCC")
        partner = Organisation.objects.create(
            site=self.site, name="ADEME", kind="state_service"
        )
        self.assertCanCreate(
            self.home,
            OrganisationPage,
            nested_form_data(
                {
                    "title": "Le club",
                    "purpose": paragraph("Partager les bonnes pratiques."),
                    "missions": streamfield([("mission", "Accompagner")]),
                    "steering": paragraph("Le bureau AD4 de la DGALN."),
                    "partners": streamfield([("partner", partner.pk)]),
                    "membership_figures": streamfield(
                        [
                            (
                                "figure",
                                {
                                    "value": "700",
                                    "unit": "",
                                    "label": "collectivités",
                                    "date": "2013-01-01",
                                    "source": "",
                                },
                            )
                        ]
                    ),
                    "regional_structure": paragraph("Avec les DREAL depuis 2012."),
                    "regions": streamfield([("region", region.pk)]),
                }
            ),
        )
        page = OrganisationPage.objects.get(slug="le-club")
        self.assertEqual(page.partners[0].value, partner)
        self.assertEqual(page.regions[0].value, region)

    def test_network_pages_sit_under_a_home_page_only(self):
        for model in (MissionsPage, CharterPage, OrganisationPage, LabelProgrammePage):
            self.assertCanCreateAt(HomePage, model)
            self.assertCanNotCreateAt(ContentPage, model)
            self.assertCanNotCreateAt(Page, model)


class ProgrammePagesTests(PageTypeTestCase):
    def test_an_event_is_created_under_an_events_index(self):
        index = self.add_child(self.home, EventIndexPage(title="Rencontres"))
        self.assertCanCreate(
            index,
            EventPage,
            nested_form_data(
                {
                    "title": "Séminaire d'accueil",
                    "start": "2012-03-27 09:00",
                    "end": "2012-03-27 17:00",
                    "status": "past",
                    "place": "Grande Arche de la Défense",
                    "address": "",
                    "region": "",
                    "registration_url": "https://example.org/inscription",
                    "agenda": streamfield(
                        [
                            (
                                "item",
                                {
                                    "time": "09:30",
                                    "title": "Accueil",
                                    "speaker": "",
                                    "description": "",
                                },
                            )
                        ]
                    ),
                    "body": streamfield([]),
                }
            ),
        )
        event = EventPage.objects.get(slug="seminaire-daccueil")
        self.assertEqual(event.get_parent().specific, index)
        self.assertEqual(event.agenda[0].value["title"], "Accueil")

    def test_a_training_is_created_under_a_trainings_index(self):
        index = self.add_child(self.home, TrainingIndexPage(title="Formations"))
        self.assertCanCreate(
            index,
            TrainingPage,
            nested_form_data(
                {
                    "title": "Financer un ÉcoQuartier",
                    "topic": "Financement",
                    "audience": "Élus",
                    "region": "",
                    "sessions": streamfield(
                        [
                            (
                                "session",
                                {
                                    "start": "2012-05-10 09:00",
                                    "end": "2012-05-10 17:00",
                                    "place": "Lyon",
                                    "address": "",
                                },
                            )
                        ]
                    ),
                    "body": streamfield([]),
                }
            ),
        )
        training = TrainingPage.objects.get(topic="Financement")
        self.assertEqual(training.sessions[0].value["place"], "Lyon")

    def test_a_label_programme_page_lists_stages_and_pilot_criteria(self):
        self.assertCanCreate(
            self.home,
            LabelProgrammePage,
            nested_form_data(
                {
                    "title": "Le label",
                    "introduction": rich_text(""),
                    "stages": streamfield(
                        [
                            (
                                "stage",
                                {
                                    "number": "1",
                                    "name": "En projet",
                                    "summary": "La charte est signée.",
                                    "criteria": listblock(["Signer la charte"]),
                                },
                            )
                        ]
                    ),
                    "pilot_criteria": streamfield([("criterion", "Taille")]),
                    "body": streamfield([]),
                }
            ),
        )
        page = LabelProgrammePage.objects.get(slug="le-label")
        self.assertEqual(page.stages[0].value["name"], "En projet")

    def test_a_news_article_is_created_under_a_news_index_with_tags(self):
        index = self.add_child(self.home, NewsIndexPage(title="Actualités"))
        self.assertCanCreate(
            index,
            NewsPage,
            nested_form_data(
                {
                    "title": "Nouvelle campagne",
                    "date": "2026-01-15",
                    "introduction": rich_text(""),
                    "body": streamfield([("paragraph", paragraph("Ouverte."))]),
                    "tags": "label, campagne",
                }
            ),
        )
        article = NewsPage.objects.get(slug="nouvelle-campagne")
        self.assertEqual(sorted(article.tags.names()), ["campagne", "label"])

    def test_programme_children_only_go_under_their_index(self):
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanNotCreateAt(HomePage, TrainingPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(EventIndexPage, TrainingPage)
        self.assertCanNotCreateAt(NewsIndexPage, EventPage)
        self.assertCanNotCreateAt(EventPage, EventPage)
        for index in (EventIndexPage, TrainingIndexPage, NewsIndexPage):
            self.assertCanCreateAt(HomePage, index)
            self.assertCanNotCreateAt(ContentPage, index)
