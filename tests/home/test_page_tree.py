"""Where each page type may be created: the tree staff build in the admin."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import (
    DisasterIndexPage,
    DisasterNoticePage,
    GarbageGuidePage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SurveyPage,
)
from tests.factories import DisasterIndexPageFactory, NewsIndexPageFactory


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sections(self):
        self.assertAllowedSubpageTypes(
            HomePage, {NewsIndexPage, DisasterIndexPage, GarbageGuidePage, SurveyPage}
        )
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_surveys_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(SurveyPage, {HomePage})
        self.assertAllowedSubpageTypes(SurveyPage, set())

    def test_news_only_under_the_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(DisasterIndexPage, NewsPage)

    def test_disaster_notices_only_under_the_disaster_index(self):
        self.assertAllowedParentPageTypes(DisasterNoticePage, {DisasterIndexPage})
        self.assertCanNotCreateAt(NewsIndexPage, DisasterNoticePage)

    def test_one_news_index_and_one_disaster_index_per_home(self):
        home = HomePage.objects.get()
        self.assertTrue(NewsIndexPage.can_create_at(home))
        NewsIndexPageFactory(parent=home)
        DisasterIndexPageFactory(parent=home)
        self.assertFalse(NewsIndexPage.can_create_at(home))
        self.assertFalse(DisasterIndexPage.can_create_at(home))
        self.assertTrue(GarbageGuidePage.can_create_at(home))

    def test_fresh_database_serves_a_home_page_at_root(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertIsInstance(HomePage.objects.get(), HomePage)
