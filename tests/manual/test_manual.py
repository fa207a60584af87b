"""操作マニュアル in the admin: contents, search, chapters, print, and who may read it."""

import re

from django.core.management.base import CommandError
from django.test import Client

from PIL import Image
import pytest

from manual.chapters import CHAPTERS, chapter_for_path
from manual.management.commands.publish_manual_screens import publish
from manual.views import COMMITTED_SCREENS


pytestmark = pytest.mark.django_db


def test_contents_list_every_chapter_and_search_finds_a_task(admin_client):
    html = admin_client.get("/admin/manual/").content.decode()
    for chapter in CHAPTERS:
        assert chapter.title in html

    found = admin_client.get("/admin/manual/", {"q": "テスト配信"}).content.decode()
    assert "お知らせを書く・承認・テスト配信・公開" in found.split("の検索結果")[1]
    nothing = admin_client.get("/admin/manual/", {"q": "存在しない言葉"}).content
    assert "見つかりませんでした" in nothing.decode()


def search_results(client, query: str) -> list[tuple[str, str]]:
    """(chapter title, sentence shown) of each result, in order."""
    html = client.get("/admin/manual/", {"q": query}).content.decode()
    listing = html.split("の検索結果")[1].split("</ul>")[0]
    return re.findall(
        r'<a href="/admin/manual/[a-z-]+/">([^<]+)</a><br>'
        r'<span class="manual-excerpt">([^<]*)</span>',
        listing,
    )


def test_search_finds_chapters_holding_every_word_with_the_sentences(admin_client):
    for query in ("承認 テスト配信", "承認　テスト配信", " テスト配信  承認 "):
        results = search_results(admin_client, query)
        assert [title for title, _ in results] == [
            "お知らせを書く・承認・テスト配信・公開"
        ], query
        sentence = results[0][1]
        assert "「承認して公開」" in sentence and "「LINEテスト配信」" in sentence

    # Every word must be there: one unknown word finds nothing.
    assert search_results(admin_client, "承認 存在しない言葉") == []
    # Most hits first: 配信の記録 is about nothing else.
    ranked = [title for title, _ in search_results(admin_client, "配信")]
    assert ranked[0] == "配信の記録" and len(ranked) > 1
    # Spelling folded as residents' searches are (半角カナ).
    assert search_results(admin_client, "ｱﾝｹｰﾄ 結果")[0][0] == "アンケート"


def test_every_chapter_opens_and_the_print_version_holds_them_all(admin_client):
    whole = admin_client.get("/admin/manual/print/").content.decode()
    for chapter in CHAPTERS:
        page = admin_client.get(f"/admin/manual/{chapter.slug}/")
        assert page.status_code == 200
        assert chapter.title in page.content.decode()
        assert f'id="{chapter.slug}"' in whole
    assert "page-break-before" in whole  # one chapter a sheet when printed
    assert 'loading="lazy"' not in whole  # a print holds every picture
    assert 'loading="eager"' in whole
    assert "「PDFに保存」" in whole  # how to make a PDF, said on the page


def test_screens_map_to_the_chapter_that_explains_them():
    assert chapter_for_path("/admin/pages/12/edit/").slug == "news"
    assert (
        chapter_for_path("/admin/pages/12/edit/", "home.disasternoticepage").slug
        == "disaster"
    )
    assert chapter_for_path("/admin/reports/5/").slug == "reports"
    assert chapter_for_path("/admin/reports/locked/").slug == "news"
    assert chapter_for_path("/admin/disaster-mode/").slug == "disaster"
    assert (
        chapter_for_path("/admin/snippets/home/garbageitem/edit/3/").slug == "garbage"
    )
    assert chapter_for_path("/admin/snippets/home/shelter/").slug == "shelters"
    assert chapter_for_path("/admin/snippets/home/zone/edit/2/").slug == "mail"
    assert chapter_for_path("/nowhere/") is None


def test_every_admin_screen_carries_the_help_link_script(admin_client):
    html = admin_client.get("/admin/disaster-mode/").content.decode()
    assert "manual/help_link.js" in html
    assert 'data-manual-target="/admin/manual/disaster/"' in html


def test_the_manual_is_for_signed_in_staff_only():
    response = Client().get("/admin/manual/news/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Client().get("/admin/manual/screens/news-edit.png").status_code == 302


def test_every_chapter_shows_the_committed_pictures_when_none_were_taken_here(
    admin_client, settings, tmp_path
):
    settings.MANUAL_SCREENS_DIR = str(tmp_path / "never-taken")
    for chapter in CHAPTERS:
        html = admin_client.get(f"/admin/manual/{chapter.slug}/").content.decode()
        assert "画面写真はまだ作られていません" not in html, chapter.slug
        for name, _path, _caption in chapter.shots:
            picture = admin_client.get(f"/admin/manual/screens/{name}.png")
            assert picture.status_code == 200, name
            committed = (COMMITTED_SCREENS / f"{name}.png").read_bytes()
            assert b"".join(picture.streaming_content) == committed


def test_fresh_pictures_win_and_make_manual_screens_publishes_them_small(
    admin_client, settings, tmp_path
):
    fresh = tmp_path / "var"
    fresh.mkdir()
    names = [name for chapter in CHAPTERS for name, _p, _c in chapter.shots]
    for index, name in enumerate(names):
        # A screen-like picture: flat colours and a line of "text".
        picture = Image.new("RGB", (1366, 900), (255, 255, 255))
        picture.paste((30, 30, 30 + index), (40, 40, 600, 60))
        picture.save(fresh / f"{name}.png")
    settings.MANUAL_SCREENS_DIR = str(fresh)
    shown = admin_client.get("/admin/manual/screens/news-edit.png")
    assert b"".join(shown.streaming_content) == (fresh / "news-edit.png").read_bytes()

    committed = tmp_path / "committed"
    (committed).mkdir()
    (committed / "a-shot-no-chapter-takes.png").write_bytes(b"old")
    written = publish(fresh, committed)
    assert sorted(path.name for path in written) == sorted(f"{n}.png" for n in names)
    assert sorted(committed.iterdir()) == sorted(written)  # the stale one is gone
    with Image.open(committed / "news-edit.png") as copy:
        assert copy.size == (1366, 900) and copy.mode == "P"  # 256 colours

    (fresh / "signin.png").unlink()
    with pytest.raises(CommandError, match="signin"):
        publish(fresh, committed)
