"""Staff import and export 5374 CSVs in the admin: preview, confirm, clear errors."""

import io
from pathlib import Path
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from home.models import CollectionArea, GarbageItem


pytestmark = pytest.mark.django_db
URL = "/admin/garbage-5374/"
TEMPLATE = Path(__file__).parent / "data_5374" / "template"


def uploads(folder: Path = TEMPLATE) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
        for path in sorted(folder.glob("*.csv"))
    ]


def test_upload_shows_a_preview_and_imports_only_after_confirming(admin_client):
    page = admin_client.get(URL)
    assert page.status_code == 200
    assert "5374形式のファイル" in page.content.decode()

    response = admin_client.post(URL, {"files": uploads()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "取り込む内容の確認" in html and "片町" in html
    assert "毎週月曜日・木曜日" in html  # 燃やすごみ 「月 木」, read back for staff
    assert not CollectionArea.objects.exists()

    response = admin_client.post(URL, {"confirm": "1"})
    assert response.status_code == 302
    assert CollectionArea.objects.get().name == "片町"
    assert GarbageItem.objects.filter(name="一升びん").exists()


def test_wrong_csv_shows_japanese_errors_and_imports_nothing(admin_client):
    bad = SimpleUploadedFile(
        "area_days.csv",
        "地名,燃やすごみ\n片町,毎週月\n".encode(),
        content_type="text/csv",
    )
    response = admin_client.post(URL, {"files": [bad]})
    html = response.content.decode()
    assert "取り込めませんでした" in html
    assert "見出し" in html
    # Confirming without a checked upload does nothing either.
    admin_client.post(URL, {"confirm": "1"})
    assert not CollectionArea.objects.exists()


def test_export_downloads_a_zip_that_imports_back(admin_client):
    admin_client.post(URL, {"files": uploads()})
    admin_client.post(URL, {"confirm": "1"})
    response = admin_client.get(f"{URL}export/")
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "片町" in archive.read("area_days.csv").decode()
    CollectionArea.objects.all().delete()
    zipped = SimpleUploadedFile("garbage.zip", response.content)
    admin_client.post(URL, {"files": [zipped]})
    admin_client.post(URL, {"confirm": "1"})
    assert CollectionArea.objects.get().schedules.count() == 4


def test_staff_without_permission_cannot_import(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)
