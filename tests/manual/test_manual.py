"""操作マニュアル in the admin: contents, search, chapters, print, and who may read it."""

from django.test import Client

import pytest

from manual.chapters import CHAPTERS, chapter_for_path


pytestmark = pytest.mark.django_db


def test_contents_list_every_chapter_and_search_finds_a_task(admin_client):
    html = admin_client.get("/admin/manual/").content.decode()
    for chapter in CHAPTERS:
        assert chapter.title in html

    found = admin_client.get("/admin/manual/", {"q": "テスト配信"}).content.decode()
    assert "お知らせを書く・承認・テスト配信・公開" in found.split("の検索結果")[1]
    nothing = admin_client.get("/admin/manual/", {"q": "存在しない言葉"}).content
    assert "見つかりませんでした" in nothing.decode()


def test_every_chapter_opens_and_the_print_version_holds_them_all(admin_client):
    whole = admin_client.get("/admin/manual/print/").content.decode()
    for chapter in CHAPTERS:
        page = admin_client.get(f"/admin/manual/{chapter.slug}/")
        assert page.status_code == 200
        assert chapter.title in page.content.decode()
        assert f'id="{chapter.slug}"' in whole
    assert "page-break-before" in whole  # one chapter a sheet when printed


def test_screens_map_to_the_chapter_that_explains_them():
    assert chapter_for_path("/admin/pages/12/edit/").slug == "news"
    assert chapter_for_path("/admin/disaster-mode/").slug == "disaster"
    assert (
        chapter_for_path("/admin/snippets/home/garbageitem/edit/3/").slug == "garbage"
    )
    assert chapter_for_path("/admin/snippets/home/shelter/").slug == "shelters"
    assert chapter_for_path("/admin/snippets/home/zone/edit/2/").slug == "mail"
    assert chapter_for_path("/nowhere/") is None


def test_every_admin_screen_carries_the_help_link_script(admin_client):
    html = admin_client.get("/admin/disaster-mode/").content.decode()
    assert "manual/help_link.js" in html and "/admin/manual/disaster/" in html


def test_the_manual_is_for_signed_in_staff_only():
    response = Client().get("/admin/manual/news/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Client().get("/admin/manual/screens/news-edit.png").status_code == 302
