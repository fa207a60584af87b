"""LINE user ids are encrypted at rest, findable by keyed hash, and keys can rotate."""

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cryptography.fernet import Fernet
import pytest

from line_delivery import crypto
from line_delivery.models import Friend, WebhookEvent


pytestmark = pytest.mark.django_db
USER_ID = "U" + "0123456789abcdef" * 2


def raw_column(friend: Friend) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT line_user_id, line_user_id_hash FROM line_delivery_friend WHERE id = %s",
            [friend.pk],
        )
        return cursor.fetchone()


def test_user_id_is_not_stored_in_the_clear():
    friend = Friend.objects.create(line_user_id=USER_ID)
    ciphertext, lookup = raw_column(friend)
    assert USER_ID not in ciphertext and USER_ID not in lookup
    assert Friend.objects.get(pk=friend.pk).line_user_id == USER_ID


def test_friend_is_found_by_user_id_through_the_keyed_hash():
    friend = Friend.objects.create(line_user_id=USER_ID)
    assert Friend.objects.by_line_user_id(USER_ID).get() == friend
    assert not Friend.objects.by_line_user_id("U" + "f" * 32).exists()


def test_keys_rotate_without_losing_data(settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    crypto.reset_key_cache()
    friend = Friend.objects.create(line_user_id=USER_ID)
    event = WebhookEvent.objects.create(
        webhook_event_id="01ROTATION",
        event_type="message",
        payload='{"text": "ごみ"}',
        occurred_at=timezone.now(),
    )
    before, _ = raw_column(friend)

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    crypto.reset_key_cache()
    call_command("rotate_field_keys", stdout=StringIO())
    after, _ = raw_column(friend)
    assert after != before

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    crypto.reset_key_cache()
    assert Friend.objects.get(pk=friend.pk).line_user_id == USER_ID
    # What residents typed (webhook payloads) is rotated too, not only user ids.
    assert WebhookEvent.objects.get(pk=event.pk).payload == '{"text": "ごみ"}'


def test_a_missing_key_is_a_clear_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    crypto.reset_key_cache()
    friend = Friend.objects.create(line_user_id=USER_ID)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    crypto.reset_key_cache()
    with pytest.raises(Exception, match="FIELD_ENCRYPTION_KEYS"):
        Friend.objects.get(pk=friend.pk)


def test_values_written_as_fernet_tokens_still_read_and_rotate_to_aes_gcm(settings):
    """Rows stored before AES-GCM (Fernet tokens) stay readable and are rewritten by
    rotation, so dropping Fernet later loses nothing."""
    key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [key]
    crypto.reset_key_cache()
    friend = Friend.objects.create(line_user_id=USER_ID)
    legacy = Fernet(key.encode()).encrypt(USER_ID.encode()).decode()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE line_delivery_friend SET line_user_id = %s WHERE id = %s",
            [legacy, friend.pk],
        )
    assert Friend.objects.get(pk=friend.pk).line_user_id == USER_ID

    call_command("rotate_field_keys", stdout=StringIO())
    stored, _ = raw_column(friend)
    assert stored.startswith(crypto.TOKEN_PREFIX) and USER_ID not in stored
    assert Friend.objects.get(pk=friend.pk).line_user_id == USER_ID


def test_a_tampered_value_is_refused_not_read():
    token = crypto.encrypt(USER_ID)
    body = token[len(crypto.TOKEN_PREFIX) :]
    flipped = body[:-5] + ("A" if body[-5] != "A" else "B") + body[-4:]
    with pytest.raises(Exception, match="FIELD_ENCRYPTION_KEYS"):
        crypto.decrypt(crypto.TOKEN_PREFIX + flipped)
    assert crypto.encrypt(USER_ID) != token  # a fresh nonce each time
