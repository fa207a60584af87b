"""The project's Japanese catalogue: compiled, consistent, and used by the admin."""

from pathlib import Path
import re

from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Collection, Page

import polib
import pytest


LOCALE = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogue_matches_its_source(domain):
    source = polib.pofile(str(LOCALE / f"{domain}.po"))
    compiled = polib.mofile(str(LOCALE / f"{domain}.mo"))
    as_text = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in source}
    compiled_text = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in compiled
    }
    assert compiled_text == as_text, "run scripts/compile_messages.py"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_translation_keeps_the_placeholders_of_its_source(domain):
    for entry in polib.pofile(str(LOCALE / f"{domain}.po")):
        text = entry.msgstr or entry.msgstr_plural[0]
        sources = {entry.msgid, entry.msgid_plural} - {""}
        found = set(PLACEHOLDER.findall(text))
        assert text and any(found == set(PLACEHOLDER.findall(s)) for s in sources), (
            entry.msgid
        )


def test_wagtail_strings_its_own_catalogue_lacks_are_japanese():
    with translation.override("ja"):
        assert (
            gettext("The page could not be created due to validation errors.")
            == "入力に誤りがあるため、ページを作成できませんでした。"
        )
        assert gettext("Remember me") == "ログインしたままにする"
        assert gettext("Go to the first error") == "最初の誤りへ移動"
        # The autosave indicator once a colleague saved the page meanwhile.
        assert gettext("Autosave is paused") == "自動保存を一時停止中"
        assert (
            gettext("Saving will overwrite a newer version.")
            == "保存すると新しい版を上書きします。"
        )


@pytest.mark.django_db
def test_permissions_and_roots_have_japanese_names_after_migrate():
    names = dict(
        Permission.objects.filter(
            codename__in=["add_newspage", "publish_page", "access_admin"]
        ).values_list("codename", "name")
    )
    assert names == {
        "add_newspage": "お知らせの追加",
        "publish_page": "すべてのページの公開",
        "access_admin": "管理画面へのアクセス",
    }
    assert not Permission.objects.filter(name__startswith="Can add ").exists()
    assert Page.objects.get(depth=1).title == "サイト全体"
    assert Collection.objects.get(depth=1).name == "すべての画像・文書"
