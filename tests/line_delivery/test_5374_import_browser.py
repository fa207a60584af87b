"""Issue 15 end to end: staff upload a city's 5374 files in a real browser, see the
preview with its warnings and the progress of the background jobs, import, and a
resident's chat question about an imported item gets its garbage answer."""

import json
from pathlib import Path

import pytest

from home.models import CollectionArea, GarbageItem, Open5374Job
from home.open5374 import jobs
from home.tasks import run_open5374_job
from tests.browser import sign_in_browser

from . import test_chat_text
from .conftest import make_friend


ask = test_chat_text.ask
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
CITY = Path(__file__).parent.parent / "home" / "data_5374" / "heldout" / "city_b"


@pytest.fixture
def worker(monkeypatch):
    """Jobs wait in the queue until the test lets the "worker" run them, so the
    browser sees the progress page as it does while a real worker is busy."""
    queued: list[int] = []
    monkeypatch.setattr(run_open5374_job, "delay_on_commit", queued.append)

    def run_next() -> Open5374Job:
        job_id = queued.pop(0)
        jobs.run(job_id)
        return Open5374Job.objects.get(pk=job_id)

    return run_next


def test_upload_preview_warnings_import_with_progress_then_the_chat_answers(
    live_server, desktop, shoot, django_user_model, worker, ask, line_channel
):
    user = django_user_model.objects.create_superuser(
        "browser-admin", "a@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)
    desktop.goto(live_server.url + "/admin/garbage-5374/")
    desktop.set_input_files(
        "input[type=file]", [str(path) for path in sorted(CITY.glob("*.csv"))]
    )
    shoot(desktop, "5374-choose-files")
    desktop.get_by_role("button", name="内容を確認する").click()

    progress = desktop.locator("#job-progress")
    progress.wait_for()
    assert "内容の確認をしています" in progress.inner_text()
    shoot(desktop, "5374-check-queued")
    assert worker().state == Open5374Job.State.DONE
    preview = desktop.locator("#import-preview")
    preview.wait_for(timeout=30_000)  # the page polls and reloads itself
    text = preview.inner_text()
    assert "緑ヶ丘" in text and "毎週月曜日・木曜日" in text
    warnings = desktop.locator("#import-warnings").inner_text()
    assert "区分の欄に文章が入っています" in warnings and "冷蔵庫" in warnings
    assert "品目名（name）が空の行" in warnings
    shoot(desktop, "5374-preview-warnings")
    assert not CollectionArea.objects.exists()

    desktop.get_by_role("button", name="この内容で取り込む").click()
    progress.wait_for()
    assert "取り込みをしています" in progress.inner_text()
    assert worker().state == Open5374Job.State.DONE
    result = desktop.locator("#import-result")
    result.wait_for(timeout=30_000)
    assert "取り込みました（収集地区 6、品目 12）" in result.inner_text()
    shoot(desktop, "5374-imported")
    assert GarbageItem.objects.get(name="紙おむつ").category.name == "可燃ごみ"

    # A resident asks in kana for an item whose name is kanji in the file.
    message = ask(make_friend(), "かみおむつ")
    shown = json.dumps(message, ensure_ascii=False)
    assert "紙おむつ" in shown and "可燃ごみ" in shown
    assert "指定の可燃ごみ袋に入れ" in shown  # the category's description.csv text
    assert "汚物はトイレに流してください。" in shown
