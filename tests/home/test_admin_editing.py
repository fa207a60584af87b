"""Staff create and preview pages in the admin, and get Japanese messages on mistakes."""

from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, NewsIndexPage, NewsPage
from tests.auth import VerifiedLoginMixin
from tests.factories import NewsIndexPageFactory, TopicFactory


def news_form(**overrides):
    data = {
        "title": "燃えるごみの収集日のお知らせ",
        "slug": "moeru-gomi",
        "date": "2026-11-20",
        "summary": "燃えるごみの収集日が変更になります。",
        "main_image_alt": "",
        "body": streamfield(
            [
                ("heading", {"text": "変更の内容", "size": "h2"}),
                ("paragraph", rich_text("<p>年末年始は収集日が変わります。</p>")),
            ]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


class NewsEditingTests(VerifiedLoginMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = NewsIndexPageFactory(parent=HomePage.objects.get())
        cls.topic = TopicFactory(name="ごみ", slug="gomi")

    def setUp(self):
        self.login()

    def test_staff_can_create_news_with_a_japanese_title(self):
        self.assertCanCreate(self.index, NewsPage, news_form())
        page = NewsPage.objects.get(slug="moeru-gomi")
        self.assertEqual(page.title, "燃えるごみの収集日のお知らせ")
        self.assertEqual(page.body[0].value["text"], "変更の内容")

    def test_a_japanese_title_gets_a_readable_date_slug_not_percent_encoding(self):
        today = timezone.localdate().strftime("%Y-%m-%d")
        for _ in range(2):
            response = self.client.post(
                f"/admin/pages/add/home/newspage/{self.index.pk}/",
                news_form(slug="", title="年末年始のごみ収集"),
            )
            self.assertEqual(response.status_code, 302)
        slugs = sorted(NewsPage.objects.values_list("slug", flat=True))
        self.assertEqual(slugs, [today, f"{today}-2"])
        page = NewsPage.objects.get(slug=today)
        self.assertTrue(page.url.isascii())
        self.assertEqual(page.url, f"/{self.index.slug}/{today}/")
        # An ASCII slug staff typed (or Wagtail made from an ASCII title) is kept.
        self.assertCanCreate(self.index, NewsPage, news_form())

    def test_line_style_summary_over_100_characters_is_refused(self):
        response = self.client.post(
            f"/admin/pages/add/home/newspage/{self.index.pk}/",
            news_form(summary="あ" * 101),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "100文字までです（いま101文字）")
        self.assertFalse(NewsPage.objects.filter(slug="moeru-gomi").exists())

    def test_image_without_alt_text_gets_a_japanese_message(self):
        image = get_image_model().objects.create(
            title="写真", file=get_test_image_file()
        )
        response = self.client.post(
            f"/admin/pages/add/home/newspage/{self.index.pk}/",
            news_form(main_image=image.pk),
        )
        self.assertContains(response, "代替テキストを入力してください")
        self.assertFalse(NewsPage.objects.filter(slug="moeru-gomi").exists())

    def test_news_page_is_previewable(self):
        page = self.index.add_child(
            instance=NewsPage(
                title="プレビュー",
                slug="preview",
                summary="要約",
                body=[{"type": "paragraph", "value": "<p>本文</p>"}],
            )
        )
        # Not assertPageIsPreviewable(): it signs in without the second factor, which
        # the admin (rightly) refuses.
        preview_url = f"/admin/pages/{page.pk}/edit/preview/"
        response = self.client.post(preview_url, news_form(slug="preview"))
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        html = self.client.get(preview_url).content.decode()
        self.assertIn("燃えるごみの収集日のお知らせ", html)
        self.assertIn("年末年始は収集日が変わります。", html)

    def test_admin_is_in_japanese(self):
        response = self.client.get("/admin/")
        self.assertContains(response, 'lang="ja"')


def test_index_cannot_be_created_twice(admin_client, home_page):
    NewsIndexPageFactory(parent=home_page)
    response = admin_client.get(f"/admin/pages/add/home/newsindexpage/{home_page.pk}/")
    assert response.status_code in (302, 403)
    assert NewsIndexPage.objects.count() == 1
