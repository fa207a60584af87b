"""Encryption at rest for personal data, and keyed hashes to look it up.

LINE user ids are personal data (2021 government guideline on LINE use): they are
stored encrypted with AES-256-GCM (authenticated encryption, from the maintained
``cryptography`` library). Values written before that change are Fernet tokens
(AES-128-CBC + HMAC-SHA256) and still decrypt; ``manage.py rotate_field_keys``
rewrites them in the current format. Equality lookups use an HMAC of the value under
a separate key, so the database never holds the id in the clear and cannot be
searched by it without the key.

Why not Fernet for everything: decrypting one Fernet token costs about 15 µs in
Python (base64, HMAC, CBC and padding, each a call through the bindings); AES-GCM is
one call of about 1.5 µs. A delivery to 100,000 friends decrypts 100,000 ids
(docs/benchmarks.md).

Keys come from ``FIELD_ENCRYPTION_KEYS`` (Fernet keys, newest first; older keys still
decrypt, which is how rotation works) and ``FIELD_HASH_KEY``. The AES-GCM key of each
is derived from it with HKDF, so the setting did not change. Outside production, keys
are derived from SECRET_KEY so ``make run`` needs no set-up.

A token is ``a1:`` + url-safe base64 of key id (4 bytes) + nonce (12 random bytes) +
ciphertext and tag. Random 96-bit nonces are safe for far more than the 2³²
encryptions per key NIST allows; a city's writes stay many orders below that.
"""

import base64
import binascii
from functools import cache
import hashlib
import hmac
import json
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


TOKEN_PREFIX = "a1:"  # noqa: S105 - a format marker, not a secret
"""Marks an AES-GCM token; Fernet tokens start with ``gAAAAA`` (version byte 0x80)."""
_KEY_ID_BYTES = 4
_NONCE_BYTES = 12


def _derived_key(purpose: str) -> bytes:
    digest = hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _configured_keys() -> list[str]:
    return settings.FIELD_ENCRYPTION_KEYS or [_derived_key("field-encryption").decode()]


@cache
def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in _configured_keys()])
    except ValueError as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64 bytes), "
            "e.g. from `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`."
        ) from error


@cache
def _aead_keys() -> tuple[tuple[bytes, AESGCM], dict[bytes, AESGCM]]:
    """(key id and cipher of the newest key, every key's cipher by its id)."""
    _fernet()  # the same validation and error message for malformed keys
    ciphers = []
    for key in _configured_keys():
        secret = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=b"otake-line-hub field encryption aes-256-gcm",
        ).derive(base64.urlsafe_b64decode(key.encode()))
        key_id = hashlib.sha256(secret).digest()[:_KEY_ID_BYTES]
        ciphers.append((key_id, AESGCM(secret)))
    return ciphers[0], dict(reversed(ciphers))


@cache
def _hash_key() -> bytes:
    return (settings.FIELD_HASH_KEY or _derived_key("lookup-hash").decode()).encode()


def reset_key_cache() -> None:
    """Forget cached keys (after settings change in tests or a key rotation)."""
    _fernet.cache_clear()
    _aead_keys.cache_clear()
    _hash_key.cache_clear()


_MISSING_KEY = (
    "A stored value cannot be decrypted with FIELD_ENCRYPTION_KEYS: "
    "the key that encrypted it is missing."
)


def encrypt(plaintext: str) -> str:
    (key_id, cipher), _ = _aead_keys()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = cipher.encrypt(nonce, plaintext.encode(), None)
    return TOKEN_PREFIX + base64.urlsafe_b64encode(key_id + nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token.startswith(TOKEN_PREFIX):
        try:
            return _fernet().decrypt(token.encode()).decode()
        except InvalidToken as error:
            raise ImproperlyConfigured(_MISSING_KEY) from error
    try:
        raw = base64.urlsafe_b64decode(token[len(TOKEN_PREFIX) :])
    except ValueError as error:
        raise ImproperlyConfigured(_MISSING_KEY) from error
    cipher = _aead_keys()[1].get(raw[:_KEY_ID_BYTES])
    if cipher is None:
        raise ImproperlyConfigured(_MISSING_KEY)
    nonce_end = _KEY_ID_BYTES + _NONCE_BYTES
    try:
        return cipher.decrypt(
            raw[_KEY_ID_BYTES:nonce_end], raw[nonce_end:], None
        ).decode()
    except InvalidTag as error:
        raise ImproperlyConfigured(_MISSING_KEY) from error


_URLSAFE_TO_STANDARD = bytes.maketrans(b"-_", b"+/")


def decrypt_many(tokens: list[str]) -> list[str]:
    """``decrypt`` of each token, in order, for a delivery's whole audience.

    The same checks as ``decrypt`` with the per-call work hoisted out of the loop
    (≈ 40 % less time a token; planning 100,000 friends decrypts 100,000 ids).
    """
    (_newest, ciphers) = _aead_keys()
    a2b, translate = binascii.a2b_base64, _URLSAFE_TO_STANDARD
    nonce_end = _KEY_ID_BYTES + _NONCE_BYTES
    plain = []
    for token in tokens:
        if not token.startswith(TOKEN_PREFIX):
            plain.append(decrypt(token))
            continue
        try:
            raw = a2b(token[len(TOKEN_PREFIX) :].encode().translate(translate))
            cipher = ciphers[raw[:_KEY_ID_BYTES]]
            plain.append(
                cipher.decrypt(
                    raw[_KEY_ID_BYTES:nonce_end], raw[nonce_end:], None
                ).decode()
            )
        except (ValueError, KeyError, InvalidTag) as error:
            raise ImproperlyConfigured(_MISSING_KEY) from error
    return plain


def rotate(token: str) -> str:
    """Re-encrypt under the newest key, in the current format."""
    return encrypt(decrypt(token))


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

    def get_placeholder(self, value, compiler, connection) -> str:
        """A plain placeholder; defining it keeps bulk inserts as ``VALUES`` rows.

        On PostgreSQL, Django 5.2 sends ``bulk_create`` rows as arrays
        (``UNNEST``) unless a field has this method, and psycopg quotes array
        elements in Python: 20 delivery requests, each with 22 KB of ciphertext,
        took 70–80 ms that way and 36 ms as rows (docs/benchmarks.md; the check is
        in django/db/backends/postgresql/compiler.py).
        """
        return "%s"


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
