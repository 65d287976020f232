"""IDLE with polling fallback, and the Sent-folder helpers the outbox relies on."""

from __future__ import annotations

import pytest

from pipeline.errors import FolderNotFound
from pipeline.sources.imap import ImapSource
from tests.servers.config import imap_mailbox, make_settings
from tests.test_imap_sync import message


class RecordedSleep(list[float]):
    """Stands in for time.sleep: the polling fallback's wait is recorded, not spent."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def source_for(dovecot, tmp_path, user, sleep=None, **extra) -> ImapSource:
    settings = make_settings(tmp_path, mailboxes=[imap_mailbox(dovecot, tmp_path, name="box", username=user, **extra)])
    return ImapSource(settings.mailboxes[0], sleep=sleep if sleep is not None else RecordedSleep())


def test_idle_wait_reports_mail_that_arrived_after_the_folder_was_opened(dovecot, imap_user, tmp_path):
    source = source_for(dovecot, tmp_path, imap_user)
    source.open_folder("INBOX")
    dovecot.append(imap_user, "INBOX", [message(1)])
    assert source.idle_wait("INBOX", timeout=10) is True
    assert [len(b) for b in source.fetch_since("INBOX", 0, 10)] == [1]
    source.close()


def test_idle_wait_returns_false_when_nothing_arrives_before_the_timeout(dovecot, imap_user, tmp_path):
    source = source_for(dovecot, tmp_path, imap_user)
    source.open_folder("INBOX")
    assert source.idle_wait("INBOX", timeout=0.2) is False
    source.close()


def test_idle_wait_falls_back_to_polling_when_idle_is_disabled(dovecot, imap_user, tmp_path):
    sleep = RecordedSleep()
    source = source_for(dovecot, tmp_path, imap_user, sleep=sleep, imap={"idle": False})
    assert source.idle_wait("INBOX", timeout=30) is True
    assert sleep == [30]
    source.close()


def test_a_sent_copy_is_appended_and_found_by_message_id(dovecot, imap_user, tmp_path):
    dovecot.create_folder(imap_user, "Sent")
    source = source_for(dovecot, tmp_path, imap_user)
    assert source.contains_message_id("Sent", "<INBOX-5@provider.example>") is False
    source.append("Sent", message(5))
    assert source.contains_message_id("Sent", "<INBOX-5@provider.example>") is True
    assert source.contains_message_id("Sent", "<INBOX-6@provider.example>") is False
    source.close()


def test_appending_to_a_missing_sent_folder_names_mailbox_and_folder(dovecot, imap_user, tmp_path):
    source = source_for(dovecot, tmp_path, imap_user)
    with pytest.raises(FolderNotFound) as caught:
        source.append("Gesendet", message(1))
    assert "box" in str(caught.value) and "Gesendet" in str(caught.value)
    source.close()


def test_searching_ignores_the_last_message_when_nothing_is_newer(dovecot, imap_user, tmp_path):
    dovecot.append(imap_user, "INBOX", [message(n) for n in range(3)])
    source = source_for(dovecot, tmp_path, imap_user)
    source.open_folder("INBOX")
    assert list(source.fetch_since("INBOX", 3, 10)) == []
    assert list(source.fetch_since("INBOX", 99, 10)) == []
    source.close()


def test_a_poll_after_a_server_restart_reconnects_and_sees_new_mail(dovecot, imap_user, tmp_path):
    source = source_for(dovecot, tmp_path, imap_user)
    before = source.open_folder("INBOX")
    dovecot.kill()
    dovecot.start()
    dovecot.append(imap_user, "INBOX", [message(1)])
    after = source.open_folder("INBOX")
    assert (after.uidvalidity, after.message_count) == (before.uidvalidity, 1)
    assert [m.uid for b in source.fetch_since("INBOX", 0, 10) for m in b] == [1]
    source.close()


def test_idle_wait_falls_back_to_polling_when_the_server_offers_no_idle(dovecot, imap_user, tmp_path):
    dovecot.add_user(imap_user + "-plain", "pw-plain", capabilities="IMAP4rev1")
    sleep = RecordedSleep()
    source = source_for(dovecot, tmp_path, imap_user + "-plain", sleep=sleep)
    assert source.idle_wait("INBOX", timeout=5) is True
    assert sleep == [5]
    source.close()
