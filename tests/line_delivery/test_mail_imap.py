"""The IMAP path against a real IMAPS server on loopback (dovecot), not a mock."""

import imaplib
import ssl

import pytest

from home.models import DisasterNoticePage
from line_delivery.mail_bridge.imap import MailboxConfig, poll
from line_delivery.models import IncomingMail, TrustedSender
from line_delivery.tasks import poll_disaster_mailbox
from tests import dovecot
from tests.factories import DisasterIndexPageFactory

from .conftest import make_friend
from .mail_helpers import SENDER, create_otake_places, sample


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not dovecot.available(), reason="dovecot is not installed"),
]


@pytest.fixture(scope="module")
def imap_server():
    with dovecot.Dovecot.in_temporary_directory() as server:
        yield server


@pytest.fixture
def mailbox(imap_server, settings):
    settings.DISASTER_MAIL_IMAP_HOST = imap_server.host
    settings.DISASTER_MAIL_IMAP_PORT = imap_server.port
    settings.DISASTER_MAIL_IMAP_USER = imap_server.user
    settings.DISASTER_MAIL_IMAP_PASSWORD = imap_server.password
    settings.DISASTER_MAIL_IMAP_CA_FILE = str(imap_server.cert)
    return imap_server


def unseen_count(server) -> int:
    context = ssl.create_default_context(cafile=str(server.cert))
    with imaplib.IMAP4_SSL(server.host, server.port, ssl_context=context) as imap:
        imap.login(server.user, server.password)
        imap.select("INBOX", readonly=True)
        _, data = imap.search(None, "UNSEEN")
        return len(data[0].split())


def test_polling_imaps_turns_new_mails_into_notices_on_line(
    mailbox, home_page, topics, line_channel, django_capture_on_commit_callbacks
):
    create_otake_places()
    DisasterIndexPageFactory(parent=home_page)
    sender = TrustedSender.objects.create(
        address=SENDER, action=TrustedSender.Action.PUBLISH
    )
    sender.topics.set([topics["bousai"]])
    friend = make_friend()
    make_friend(topics=[topics["gomi"]])  # so the notices go out as multicasts
    name = "05-lv3-elderly-evacuation-two-districts.eml"
    mailbox.deliver(sample(name))
    mailbox.deliver(sample("11-ferry-cancelled.eml"))
    mailbox.deliver(sample(name))  # the platform sent it twice

    with django_capture_on_commit_callbacks(execute=True):
        handled = poll_disaster_mailbox()

    assert handled == 3
    mails = IncomingMail.objects.order_by("pk")
    assert [m.channel for m in mails] == ["imap"] * 3
    assert sorted(m.outcome for m in mails) == ["duplicate", "published", "published"]
    assert DisasterNoticePage.objects.live().count() == 2
    assert len(line_channel.received(friend.line_user_id)) == 2
    assert unseen_count(mailbox) == 0  # flagged \Seen once stored

    with django_capture_on_commit_callbacks(execute=True):
        assert poll_disaster_mailbox() == 0  # nothing new


def test_a_certificate_we_do_not_trust_is_refused(imap_server, db):
    config = MailboxConfig(
        host=imap_server.host,
        port=imap_server.port,
        user=imap_server.user,
        password=imap_server.password,
    )  # no CA file: the self-signed certificate is not trusted
    with pytest.raises(ssl.SSLCertVerificationError):
        poll(config)
    assert not IncomingMail.objects.exists()


def test_a_wrong_password_is_an_error_not_silence(imap_server, db):
    config = MailboxConfig(
        host=imap_server.host,
        port=imap_server.port,
        user=imap_server.user,
        password="wrong-password",
        ca_file=str(imap_server.cert),
    )
    with pytest.raises(imaplib.IMAP4.error):
        poll(config)
