"""TLS to IMAP is verified by default: a private server is trusted only through the configured ca_file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipeline.errors import SourceError
from pipeline.sources.imap import ImapSource
from tests.servers.config import imap_mailbox, make_settings
from tests.servers.dovecot import Dovecot, DovecotMissing


@pytest.fixture(scope="module")
def tls_dovecot() -> Iterator[Dovecot]:
    """A second Dovecot with a self-signed certificate: IMAPS on tls_port, STARTTLS on port."""
    try:
        server = Dovecot(tls=True)
    except DovecotMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    server.add_user("tls-user", "tls-password")
    server.start()
    yield server
    server.close()


def source(server: Dovecot, tmp_path, **imap: object) -> ImapSource:
    box = imap_mailbox(server, tmp_path, name="secure-box", username="tls-user", imap=imap)
    return ImapSource(make_settings(tmp_path, mailboxes=[box]).mailboxes[0], retry_delays=(0.01,))


def test_an_untrusted_certificate_is_refused_by_default(tls_dovecot, tmp_path):
    with pytest.raises(SourceError) as caught:
        source(tls_dovecot, tmp_path, security="ssl", port=tls_dovecot.tls_port).open_folder("INBOX")
    assert "secure-box" in str(caught.value) and "ca_file" in str(caught.value)


def test_ssl_with_the_configured_ca_file_connects(tls_dovecot, tmp_path):
    imap = source(tls_dovecot, tmp_path, security="ssl", port=tls_dovecot.tls_port, ca_file=tls_dovecot.certificate)
    assert imap.open_folder("INBOX").uidvalidity
    imap.close()


def test_starttls_is_verified_too(tls_dovecot, tmp_path):
    with pytest.raises(SourceError, match="ca_file"):
        source(tls_dovecot, tmp_path, security="starttls").open_folder("INBOX")
    imap = source(tls_dovecot, tmp_path, security="starttls", ca_file=tls_dovecot.certificate)
    assert imap.open_folder("INBOX").uidvalidity
    imap.close()
