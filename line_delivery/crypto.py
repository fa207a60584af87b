"""Encryption at rest for personal data, and keyed hashes to look it up.

LINE user ids are personal data (2021 government guideline on LINE use): they are
stored encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from the maintained
``cryptography`` library). Equality lookups use an HMAC of the value under a separate
key, so the database never holds the id in the clear and cannot be searched by it
without the key.

Keys come from ``FIELD_ENCRYPTION_KEYS`` (newest first; older keys still decrypt, which
is how rotation works) and ``FIELD_HASH_KEY``. Outside production, keys are derived
from SECRET_KEY so ``make run`` needs no set-up.
"""

import base64
from functools import cache
import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


def _derived_key(purpose: str) -> bytes:
    digest = hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _fernet() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS or [_derived_key("field-encryption").decode()]
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64 bytes), "
            "e.g. from `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`."
        ) from error


@cache
def _hash_key() -> bytes:
    return (settings.FIELD_HASH_KEY or _derived_key("lookup-hash").decode()).encode()


def reset_key_cache() -> None:
    """Forget cached keys (after settings change in tests or a key rotation)."""
    _fernet.cache_clear()
    _hash_key.cache_clear()


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with FIELD_ENCRYPTION_KEYS: "
            "the key that encrypted it is missing."
        ) from error


def rotate(token: str) -> str:
    """Re-encrypt under the newest key (``MultiFernet.rotate``)."""
    return _fernet().rotate(token.encode()).decode()


def lookup_hash(value: str) -> str:
    """Stable keyed hash for finding a row by an encrypted value."""
    return hmac.new(_hash_key(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python code sees the plain value.

    The ciphertext is random per write, so the column cannot be filtered on: keep a
    ``lookup_hash`` beside it for that.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (dict, list, text…) stored encrypted as one token.

    Like ``EncryptedTextField`` it cannot be filtered on in the database.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return json.loads(decrypt(value))

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return encrypt(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))

    def value_to_string(self, obj) -> str:
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder)


def encrypt_bytes(data: bytes) -> bytes:
    """Fernet token of binary content (photos residents send), for a BinaryField."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "Stored content cannot be decrypted with FIELD_ENCRYPTION_KEYS."
        ) from error
