"""Signing staff in for tests the way the admin requires: password *and* second factor."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def sign_in_verified(client, user) -> TOTPDevice:
    """Log ``user`` in with a confirmed authenticator device, as after a real 2FA sign-in."""
    device = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first() or TOTPDevice.objects.create(user=user, name="テスト端末", confirmed=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


class VerifiedLoginMixin:
    """For WagtailPageTestCase: ``self.login()`` passes the second factor too."""

    def login(self, user=None, **kwargs):
        user = user or self.create_test_user()
        sign_in_verified(self.client, user)
        return user
