"""Incremental IMAP sync against a real Dovecot: cursors, UIDVALIDITY, crashes, errors, volume."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from pipeline.ingest import IngestStats, sync_mailbox
from pipeline.models import InboundMessage, SyncCursor
from pipeline.rawstore import RawStore
from pipeline.settings import Mailbox
from pipeline.sources.base import FetchedMessage, FolderStatus
from pipeline.sources.imap import ImapSource
from tests.servers.config import imap_mailbox, make_settings
from tests.servers.dovecot import Dovecot

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def message(n: int, *, folder: str = "INBOX", subject: str | None = None) -> bytes:
    return (
        f"From: Provider <service@provider.example>\r\nTo: shop@merchant.example\r\n"
        f"Subject: {subject or f'Order {n}'}\r\nMessage-ID: <{folder}-{n}@provider.example>\r\n"
        f"Date: Mon, 2 Mar 2026 09:00:00 +0800\r\n\r\nBody of message {n}\r\n"
    ).encode()



def mailbox_for(dovecot: Dovecot, tmp_path: Path, user: str, **extra: object) -> Mailbox:
    settings = make_settings(tmp_path, mailboxes=[imap_mailbox(dovecot, tmp_path, name=f"box-{user}",
                                                               username=user, **extra)])
    return settings.mailboxes[0]


def sync(engine: Engine, store: RawStore, source: object, box: Mailbox, batch_size: int | None = None) -> IngestStats:
    assert box.imap is not None
    with Session(engine) as session:
        return sync_mailbox(session, source, store, folders=box.folders, merchant_id=box.merchant,  # type: ignore[arg-type]
                            batch_size=batch_size or box.imap.batch_size, now=NOW)


def ledger_count(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(InboundMessage)).one())


def cursor(engine: Engine, box: Mailbox, folder: str = "INBOX") -> SyncCursor:
    with Session(engine) as session:
        return session.exec(select(SyncCursor).where(SyncCursor.mailbox == box.name,
                                                     SyncCursor.folder == folder)).one()


class Interrupting:
    """Wraps a real source and runs `between` after the first batch was handed out (fault injection)."""

    def __init__(self, source: ImapSource, between: Callable[[], None]) -> None:
        self.source, self.between, self.name = source, between, source.name
        self.batch_sizes: list[int] = []

    def open_folder(self, folder: str) -> FolderStatus:
        return self.source.open_folder(folder)

    def fetch_since(self, folder: str, last_uid: int, batch_size: int) -> Iterator[list[FetchedMessage]]:
        for batch in self.source.fetch_since(folder, last_uid, batch_size):
            self.batch_sizes.append(len(batch))
            yield batch
            if len(self.batch_sizes) == 1:
                self.between()

    def mark_processed(self, folder: str, uids: Sequence[int]) -> None:
        self.source.mark_processed(folder, uids)

    def close(self) -> None:
        self.source.close()


def test_it_fetches_only_new_uids_and_moves_the_cursor(dovecot, imap_user, tmp_path, engine, store):
    box = mailbox_for(dovecot, tmp_path, imap_user)
    source = ImapSource(box)
    dovecot.append(imap_user, "INBOX", [message(n) for n in range(3)])
    assert sync(engine, store, source, box).new == 3
    assert cursor(engine, box).last_uid == 3

    dovecot.append(imap_user, "INBOX", [message(n) for n in range(3, 5)])
    second = sync(engine, store, source, box)
    third = sync(engine, store, source, box)
    source.close()

    assert (second.read, second.new) == (2, 2)
    assert cursor(engine, box).last_uid == 5
    assert third.read == 0
    assert ledger_count(engine) == 5


def test_it_sends_imap_id_after_login(dovecot, imap_user, tmp_path):
    source = ImapSource(mailbox_for(dovecot, tmp_path, imap_user))
    source.open_folder("INBOX")
    source.close()
    assert any(imap_user in line and "ID sent" in line and "name=Cancelflow" in line
               for line in dovecot.log_text().splitlines())


def test_syncing_does_not_mark_messages_seen(dovecot, imap_user, tmp_path, engine, store):
    box = mailbox_for(dovecot, tmp_path, imap_user)
    dovecot.append(imap_user, "INBOX", [message(n) for n in range(2)])
    source = ImapSource(box)
    sync(engine, store, source, box)
    source.close()
    with dovecot.client(imap_user) as client:
        client.select_folder("INBOX", readonly=True)
        flags = client.get_flags([1, 2])
    assert all(b"\\Seen" not in f for f in flags.values())


def test_a_recreated_folder_is_resynced_without_duplicates_or_skips(dovecot, imap_user, tmp_path, engine, store):
    box = mailbox_for(dovecot, tmp_path, imap_user, folders=["Orders"])
    source = ImapSource(box)
    dovecot.append(imap_user, "Orders", [message(1), message(2)])
    sync(engine, store, source, box)
    old_validity = cursor(engine, box, "Orders").uidvalidity

    dovecot.delete_folder(imap_user, "Orders")
    dovecot.append(imap_user, "Orders", [message(1), message(2), message(3)])
    stats = sync(engine, store, source, box)
    source.close()

    assert cursor(engine, box, "Orders").uidvalidity != old_validity
    assert (stats.resyncs, stats.new, stats.duplicates) == (1, 1, 2)
    assert ledger_count(engine) == 3


def test_a_server_killed_mid_fetch_fails_the_sync_and_the_next_sync_completes(
        dovecot, imap_user, tmp_path, engine, store):
    box = mailbox_for(dovecot, tmp_path, imap_user)
    dovecot.write_maildir(imap_user, "INBOX", [message(n) for n in range(50)])
    crashing = Interrupting(ImapSource(box, retry_delays=(0.01, 0.01)), dovecot.kill)
    try:
        first = sync(engine, store, crashing, box, batch_size=10)
    finally:
        dovecot.start()
    assert len(first.errors) == 1 and "unreachable" in first.errors[0]
    assert cursor(engine, box).last_uid == 10  # the committed batch stays committed

    second = sync(engine, store, ImapSource(box), box, batch_size=10)
    assert (second.new, second.duplicates, second.errors) == (40, 0, [])
    assert ledger_count(engine) == 50


def test_a_server_restarted_mid_fetch_is_reconnected_and_the_sync_completes(
        dovecot, imap_user, tmp_path, engine, store):
    box = mailbox_for(dovecot, tmp_path, imap_user)
    dovecot.write_maildir(imap_user, "INBOX", [message(n) for n in range(30)])

    def restart() -> None:
        dovecot.kill()
        dovecot.start()

    source = Interrupting(ImapSource(box, retry_delays=(0.01, 0.05, 0.2)), restart)
    stats = sync(engine, store, source, box, batch_size=10)
    source.close()
    assert (stats.new, stats.duplicates, stats.errors) == (30, 0, [])
    assert source.batch_sizes == [10, 10, 10]
    assert cursor(engine, box).last_uid == 30


@pytest.mark.parametrize("password", ["wrong-hunter2", "wrong-秘密-hunter2"], ids=["ascii", "utf8"])
def test_a_wrong_password_is_an_authentication_error_naming_the_mailbox_and_not_the_password(
        dovecot, imap_user, tmp_path, caplog, password):
    from pipeline.errors import AuthenticationError

    box = mailbox_for(dovecot, tmp_path, imap_user, password=password)
    caplog.set_level("DEBUG")
    with pytest.raises(AuthenticationError) as caught:
        ImapSource(box, retry_delays=()).open_folder("INBOX")
    text = str(caught.value)
    assert box.name in text and "授权码" in text and "app password" in text
    sasl_plain = base64.b64encode(f"\0{imap_user}\0{password}".encode()).decode()
    assert password not in text and password not in caplog.text and sasl_plain not in caplog.text
    assert password not in repr(caught.value.__cause__)


def test_a_missing_folder_names_mailbox_and_folder_and_other_folders_still_sync(
        dovecot, imap_user, tmp_path, engine, store):
    from pipeline.errors import FolderNotFound

    box = mailbox_for(dovecot, tmp_path, imap_user, folders=["Nowhere", "INBOX"])
    dovecot.append(imap_user, "INBOX", [message(1)])
    source = ImapSource(box)
    with pytest.raises(FolderNotFound) as caught:
        source.open_folder("Nowhere")
    stats = sync(engine, store, source, box)
    source.close()

    assert box.name in str(caught.value) and "Nowhere" in str(caught.value)
    assert stats.new == 1 and len(stats.errors) == 1
    failed = cursor(engine, box, "Nowhere")
    assert "Nowhere" in (failed.last_error or "") and failed.consecutive_failures == 1


def test_one_failing_mailbox_does_not_stop_the_others(dovecot, imap_user, tmp_path, engine, store):
    dovecot.add_user(imap_user + "b", "pw-b")
    dovecot.append(imap_user + "b", "INBOX", [message(7)])
    settings = make_settings(tmp_path, mailboxes=[
        imap_mailbox(dovecot, tmp_path, name="broken", username=imap_user, password="nope"),
        imap_mailbox(dovecot, tmp_path, name="working", username=imap_user + "b"),
    ])
    results = {}
    for box in settings.mailboxes:
        source = ImapSource(box, retry_delays=())
        results[box.name] = sync(engine, store, source, box)
        source.close()

    assert results["working"].new == 1 and results["broken"].errors
    broken = cursor(engine, settings.mailbox("broken"))
    assert "broken" in (broken.last_error or "") and broken.consecutive_failures == 1


def test_ten_thousand_messages_are_synced_in_bounded_batches(dovecot, imap_user, tmp_path, engine, store):
    box = mailbox_for(dovecot, tmp_path, imap_user, imap={"batch_size": 500})
    dovecot.write_maildir(imap_user, "INBOX", (message(n) for n in range(10_000)))
    source = Interrupting(ImapSource(box), lambda: None)
    stats = sync(engine, store, source, box)
    source.close()
    assert stats.new == 10_000 and stats.errors == []
    assert source.batch_sizes == [500] * 20
    assert cursor(engine, box).last_uid == 10_000


class CheckingCommit(Interrupting):
    """Records, when mark_processed is called, whether the UIDs' ledger rows are already committed."""

    def __init__(self, source: ImapSource, engine: Engine) -> None:
        super().__init__(source, lambda: None)
        self.engine = engine
        self.committed_when_marked: list[bool] = []

    def mark_processed(self, folder: str, uids: Sequence[int]) -> None:
        with Session(self.engine) as other:  # a separate connection sees committed rows only
            found = other.exec(select(InboundMessage.uid).where(InboundMessage.uid.in_(uids))).all()  # type: ignore[union-attr]
        self.committed_when_marked.append(sorted(found) == sorted(uids))
        super().mark_processed(folder, uids)


def test_the_processed_flag_is_applied_only_after_the_commit(dovecot, imap_user, tmp_path, engine, store):
    box = mailbox_for(dovecot, tmp_path, imap_user, after_processing={"flag": "$Cancelflow"})
    dovecot.append(imap_user, "INBOX", [message(n) for n in range(4)])
    source = CheckingCommit(ImapSource(box), engine)
    sync(engine, store, source, box, batch_size=2)
    source.close()

    assert source.committed_when_marked == [True, True]
    with dovecot.client(imap_user) as client:
        client.select_folder("INBOX", readonly=True)
        flags = client.get_flags([1, 2, 3, 4])
    assert all(b"$Cancelflow" in f and b"\\Seen" not in f for f in flags.values())


def test_processed_mail_is_moved_when_configured_and_nothing_is_deleted(dovecot, imap_user, tmp_path, engine, store):
    dovecot.create_folder(imap_user, "Done")
    box = mailbox_for(dovecot, tmp_path, imap_user, after_processing={"move_to": "Done"})
    dovecot.append(imap_user, "INBOX", [message(n) for n in range(3)])
    source = ImapSource(box)
    sync(engine, store, source, box)
    source.close()
    with dovecot.client(imap_user) as client:
        inbox = client.select_folder("INBOX", readonly=True)[b"EXISTS"]
        done = client.select_folder("Done", readonly=True)[b"EXISTS"]
    assert (inbox, done) == (0, 3)


def test_without_move_support_processed_mail_stays_in_place_and_a_warning_is_logged(
        dovecot, imap_user, tmp_path, engine, store, caplog):
    plain = imap_user + "-plain"
    dovecot.add_user(plain, "pw-plain", capabilities="IMAP4rev1")  # no MOVE, IDLE or ID advertised
    dovecot.create_folder(plain, "Done")
    dovecot.append(plain, "INBOX", [message(n) for n in range(3)])
    box = mailbox_for(dovecot, tmp_path, plain, after_processing={"move_to": "Done"})
    source = ImapSource(box)
    stats = sync(engine, store, source, box)
    source.close()
    with dovecot.client(plain) as client:
        inbox = client.select_folder("INBOX", readonly=True)[b"EXISTS"]
        done = client.select_folder("Done", readonly=True)[b"EXISTS"]
    assert stats.new == 3 and (inbox, done) == (3, 0)
    assert "lacks MOVE" in caplog.text
