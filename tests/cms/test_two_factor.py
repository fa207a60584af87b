"""Staff sign-in: password and a second factor on every admin URL, lock-out, reset."""

from io import StringIO
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command

from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
import pytest

from tests.auth import sign_in_verified


pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple 2026"


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        "kouhou", password=PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture
def phone(staff):
    return TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)


def code_from(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, otp_token="", password=PASSWORD, username="kouhou"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "otp_token": otp_token},
    )


def test_password_alone_is_not_enough(client, phone):
    response = sign_in(client)
    assert response.status_code == 200
    assert "確認コードが正しくありません" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_password_and_the_authenticator_code_open_the_admin(client, phone):
    response = sign_in(client, code_from(phone))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_session_without_the_second_factor_is_sent_back_to_sign_in(
    client, staff, phone
):
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    for url in (
        "/admin/",
        "/admin/pages/",
        "/admin/line/sandbox/",
        "/admin/snippets/home/shelter/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(
            "/admin/login/"
        ), url
    assert "_auth_user_id" not in client.session  # signed out


def test_staff_without_a_device_must_enrol_first(client, staff):
    assert sign_in(client).status_code == 302
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response.url == "/admin/2fa/setup/"

    page = client.get("/admin/2fa/setup/").content.decode()
    assert "<svg" in page and "認証アプリ" in page
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert (
        "確認コードが正しくありません"
        in client.post("/admin/2fa/setup/", {"otp_token": "000000"}).content.decode()
    )
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing …
    device.throttle_reset()  # … so a real person waits a second before the next try

    response = client.post("/admin/2fa/setup/", {"otp_token": code_from(device)})
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200

    client.logout()
    assert sign_in(client, codes[0]).status_code == 302  # a backup code works once …
    client.logout()
    assert sign_in(client, codes[0]).status_code == 200  # … and only once


def test_repeated_failures_lock_the_account_for_a_while(client, phone, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, password="wrong password")
    response = sign_in(client, code_from(phone))  # even the right password now
    assert response.status_code == 429
    assert "ログインを一時停止しています" in response.content.decode()


def test_an_administrator_can_reset_a_lost_phone(client, staff, phone):
    manager = get_user_model().objects.create_superuser("kanri", password=PASSWORD)
    sign_in_verified(client, manager)
    listing = client.get("/admin/2fa/users/").content.decode()
    assert "kouhou" in listing and "登録済み" in listing
    client.post(f"/admin/2fa/users/{staff.pk}/reset/")
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()


def test_only_administrators_may_reset(client, staff, phone):
    editor = get_user_model().objects.create_user(
        "henshu", password=PASSWORD, is_staff=True
    )
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in_verified(client, editor)
    assert client.post(f"/admin/2fa/users/{staff.pk}/reset/").status_code == 403
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_demo_admin_output_lets_a_newcomer_in_on_the_first_try(client):
    out = StringIO()
    call_command("demo_admin", stdout=out)
    text = out.getvalue()
    password = re.search(r"パスワード  : (\S+)", text).group(1)
    backup_code = re.search(r"確認コード  : (\S+)", text).group(1)
    assert "otpauth://totp/" in text
    assert (
        sign_in(client, backup_code, password=password, username="admin").status_code
        == 302
    )
    assert client.get("/admin/").status_code == 200
