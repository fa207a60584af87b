"""Staff import and export 5374 files in the admin: background jobs with a progress
page, a preview with warnings, the skip-bad-rows choice, clear Japanese errors."""

import io
from pathlib import Path
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from home.models import CollectionArea, GarbageItem, Open5374Job


pytestmark = pytest.mark.django_db
URL = "/admin/garbage-5374/"
DATA = Path(__file__).parent / "data_5374"
TEMPLATE = DATA / "template"


def uploads(folder: Path = TEMPLATE) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(
            str(path.relative_to(folder)), path.read_bytes(), content_type="text/csv"
        )
        for path in sorted(folder.rglob("*"))
        if path.suffix in (".csv", ".svg")
    ]


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Posts whose queued job runs (eager Celery) once the request's work commits."""

    def post(client, url, data=None, **options):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **options)

    return post


def test_upload_runs_a_check_job_then_imports_only_after_confirming(
    admin_client, run_jobs
):
    page = admin_client.get(URL)
    assert page.status_code == 200
    assert "5374形式のファイル" in page.content.decode()
    assert "問題のある行を飛ばして取り込む" in page.content.decode()

    response = run_jobs(admin_client, URL, {"files": uploads()})
    job = Open5374Job.objects.get()
    assert response.status_code == 302
    assert response.url == f"{URL}jobs/{job.pk}/"
    html = admin_client.get(response.url).content.decode()
    assert "取り込む内容の確認" in html and "片町" in html
    assert "毎週月曜日・木曜日" in html  # 燃やすごみ 「月 木」, read back for staff
    assert not CollectionArea.objects.exists()

    response = run_jobs(admin_client, f"{URL}jobs/{job.pk}/import/")
    imported = Open5374Job.objects.get(kind=Open5374Job.Kind.IMPORT)
    assert response.url == f"{URL}jobs/{imported.pk}/"
    assert imported.state == Open5374Job.State.DONE and imported.files == b""
    html = admin_client.get(response.url).content.decode()
    assert "5374形式のデータを取り込みました" in html
    assert CollectionArea.objects.get().name == "片町"
    assert GarbageItem.objects.filter(name="一升びん").exists()
    status = admin_client.get(f"{URL}jobs/{imported.pk}/status/").json()
    assert status["finished"] and status["progress"] == 100


def test_a_queued_job_shows_progress_until_the_worker_runs_it(admin_client):
    # Without running on-commit callbacks the job stays queued, as while a worker is busy.
    response = admin_client.post(URL, {"files": uploads()})
    job = Open5374Job.objects.get()
    html = admin_client.get(response.url).content.decode()
    assert "<progress" in html and "自動で更新されます" in html
    assert admin_client.get(f"{URL}jobs/{job.pk}/status/").json() == {
        "state": "queued",
        "state_label": "順番待ち",
        "progress": 0,
        "step": "",
        "finished": False,
    }


def test_preview_lists_warnings_in_japanese_with_what_to_fix(admin_client, run_jobs):
    response = run_jobs(
        admin_client, URL, {"files": uploads(DATA / "heldout" / "city_b")}
    )
    html = admin_client.get(response.url).content.decode()
    assert "確認してください（このまま取り込めます）" in html
    assert "区分の欄に文章が入っています" in html and "冷蔵庫" in html
    assert "正しい区分名（description.csv の label）を入れるか" in html
    assert "品目名（name）が空の行" in html


def test_bad_rows_are_refused_then_skipped_on_request(admin_client, run_jobs):
    response = run_jobs(
        admin_client, URL, {"files": uploads(DATA / "heldout" / "city_d")}
    )
    failed = Open5374Job.objects.get()
    html = admin_client.get(response.url).content.decode()
    assert failed.state == Open5374Job.State.FAILED
    assert "西地区" in html and "毎週水曜" in html
    assert "問題のある行を飛ばして取り込む" in html

    response = run_jobs(admin_client, f"{URL}jobs/{failed.pk}/skip/")
    html = admin_client.get(response.url).content.decode()
    assert "次の1行は問題があるため取り込みません" in html
    assert "area_days.csv 5行目（西地区）" in html
    checked = Open5374Job.objects.get(kind="preview", state="done")
    run_jobs(admin_client, f"{URL}jobs/{checked.pk}/import/")
    assert set(CollectionArea.objects.values_list("name", flat=True)) == {
        "北地区",
        "南地区",
        "東地区",
        "島しょ部",
        "工業団地",
    }


def test_skip_option_on_the_upload_form(admin_client, run_jobs):
    response = run_jobs(
        admin_client,
        URL,
        {"files": uploads(DATA / "heldout" / "city_d"), "skip_bad_rows": "on"},
    )
    html = admin_client.get(response.url).content.decode()
    assert "取り込む内容の確認" in html and "西地区" in html


def test_wrong_csv_shows_japanese_errors_and_imports_nothing(admin_client, run_jobs):
    bad = SimpleUploadedFile(
        "area_days.csv",
        "地名,燃やすごみ\n片町,毎週月\n".encode(),
        content_type="text/csv",
    )
    response = run_jobs(admin_client, URL, {"files": [bad]})
    job = Open5374Job.objects.get()
    html = admin_client.get(response.url).content.decode()
    assert "できませんでした" in html and "見出し" in html
    assert "問題のある行を飛ばして" not in html  # a header cannot be skipped
    # Confirming a failed check does nothing either.
    assert run_jobs(admin_client, f"{URL}jobs/{job.pk}/import/").status_code == 404
    assert not CollectionArea.objects.exists()


def test_export_runs_in_the_background_and_downloads_a_zip_that_imports_back(
    admin_client, run_jobs
):
    response = run_jobs(admin_client, URL, {"files": uploads()})
    run_jobs(admin_client, f"{response.url}import/")
    response = run_jobs(admin_client, f"{URL}export/")
    job = Open5374Job.objects.get(kind=Open5374Job.Kind.EXPORT)
    assert (
        "zipファイルをダウンロード" in admin_client.get(response.url).content.decode()
    )
    download = admin_client.get(f"{URL}jobs/{job.pk}/download/")
    assert download["Content-Type"] == "application/zip"
    assert "attachment" in download["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert "片町" in archive.read("area_days.csv").decode()
    CollectionArea.objects.all().delete()
    zipped = SimpleUploadedFile("garbage.zip", download.content)
    response = run_jobs(admin_client, URL, {"files": [zipped]})
    run_jobs(admin_client, f"{response.url}import/")
    assert CollectionArea.objects.get().schedules.count() == 4


def test_staff_without_permission_cannot_import(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)
    assert client.post(f"{URL}export/").status_code in (302, 403)


def test_a_job_left_unfinished_for_long_tells_staff_to_call_it(admin_client):
    import datetime

    from django.utils import timezone

    response = admin_client.post(URL, {"files": uploads()})
    Open5374Job.objects.update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    html = admin_client.get(response.url).content.decode()
    assert "10分以上たっても終わっていません" in html


def test_a_finished_job_is_not_run_again(admin_client, run_jobs):
    from home.open5374 import jobs

    run_jobs(admin_client, URL, {"files": uploads()})
    job = Open5374Job.objects.get()
    finished_at = job.finished_at
    jobs.run(job.pk)  # a redelivered task
    job.refresh_from_db()
    assert job.finished_at == finished_at and job.state == Open5374Job.State.DONE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_written_inside_the_import_transaction_is_seen_by_the_job_page():
    from django.db import connections, transaction

    from home.open5374 import jobs

    job = Open5374Job.objects.create(kind=Open5374Job.Kind.IMPORT)
    report = jobs._Reporter(job.pk)
    try:
        with transaction.atomic():  # as during the import's writes
            report(50, "収集地区と収集日を書き込んでいます")
            page = connections.create_connection("default")  # another process
            try:
                with page.cursor() as cursor:
                    cursor.execute(
                        "SELECT progress, step FROM home_open5374job WHERE id = %s",
                        [job.pk],
                    )
                    seen = cursor.fetchone()
            finally:
                page.close()
    finally:
        report.close()
    assert seen == (50, "収集地区と収集日を書き込んでいます")


def test_uploads_and_exports_are_forgotten_after_a_week(admin_client, run_jobs):
    import datetime

    from django.utils import timezone

    checked = run_jobs(admin_client, URL, {"files": uploads()}).url
    exported = run_jobs(admin_client, f"{URL}export/").url
    Open5374Job.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    run_jobs(admin_client, URL, {"files": uploads()})  # any new job clears old files
    assert not Open5374Job.objects.filter(
        created_at__lt=timezone.now() - datetime.timedelta(days=7)
    ).exclude(files=b"", output=b"")
    html = admin_client.get(checked).content.decode()
    assert "ファイルは消しました" in html and "この内容で取り込む" not in html
    assert "zipファイルは消しました" in admin_client.get(exported).content.decode()
    download = exported + "download/"
    assert admin_client.get(download).status_code == 404
