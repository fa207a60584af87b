"""Poll the 防災情報メール mailbox over IMAPS and ingest what is new.

Messages are read with ``BODY.PEEK[]`` (not marked read) and flagged ``\\Seen`` only
after they were stored, so a crash in between means the next poll reads them again;
``ingest`` recognises them by Message-ID and ignores the second copy.
"""

from __future__ import annotations

from dataclasses import dataclass
import imaplib
import logging
import ssl

from django.conf import settings

from .ingest import ingest
from .models import IncomingMail


logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    user: str
    password: str
    mailbox: str = "INBOX"
    ca_file: str = ""
    timeout: float = 20

    @classmethod
    def from_settings(cls) -> MailboxConfig | None:
        if not settings.DISASTER_MAIL_IMAP_HOST:
            return None
        return cls(
            host=settings.DISASTER_MAIL_IMAP_HOST,
            port=settings.DISASTER_MAIL_IMAP_PORT,
            user=settings.DISASTER_MAIL_IMAP_USER,
            password=settings.DISASTER_MAIL_IMAP_PASSWORD,
            mailbox=settings.DISASTER_MAIL_IMAP_MAILBOX,
            ca_file=settings.DISASTER_MAIL_IMAP_CA_FILE,
            timeout=settings.DISASTER_MAIL_IMAP_TIMEOUT_SECONDS,
        )


def _tls_context(config: MailboxConfig) -> ssl.SSLContext:
    # Certificates and host names are always checked; a private CA is added, not
    # a way around verification.
    context = ssl.create_default_context(cafile=config.ca_file or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def poll(config: MailboxConfig) -> list[IncomingMail]:
    """Ingest every unseen message in the mailbox; returns the stored mails."""
    stored: list[IncomingMail] = []
    with imaplib.IMAP4_SSL(
        config.host,
        config.port,
        ssl_context=_tls_context(config),
        timeout=config.timeout,
    ) as connection:
        connection.login(config.user, config.password)
        connection.select(config.mailbox)
        status, data = connection.uid("SEARCH", None, "UNSEEN")
        if status != "OK":
            raise imaplib.IMAP4.error(f"SEARCH failed: {data!r}")
        for uid in (data[0] or b"").split():
            status, parts = connection.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next(
                (part[1] for part in parts or [] if isinstance(part, tuple)), None
            )
            if status != "OK" or raw is None:
                logger.warning("IMAP message %s could not be fetched", uid)
                continue
            stored.append(ingest(raw, IncomingMail.Channel.IMAP))
            connection.uid("STORE", uid, "+FLAGS", "(\\Seen)")
        connection.close()
    return stored


def poll_configured_mailbox() -> int:
    """The beat job's body; 0 when no mailbox is configured.

    Two polls that overlap read the same unseen messages; ``ingest`` keeps only one
    original per Message-ID (a database constraint), so nothing is sent twice.
    """
    config = MailboxConfig.from_settings()
    if config is None:
        return 0
    return len(poll(config))
