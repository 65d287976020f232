from datetime import datetime, timezone

import pytest
from sqlmodel import Session, select

from pipeline import ledger
from pipeline.ingest import sync_mailbox
from pipeline.models import InboundMessage, ParseStatus, SyncCursor
from pipeline.rawstore import RawStore
from pipeline.sources.base import FetchedMessage
from pipeline.sources.local import LocalFolderSource

NOW = datetime(2025, 1, 10, 1, 0, tzinfo=timezone.utc)
RAW = b"Message-ID: <a@x>\r\nFrom: A <a@x.example>\r\nSubject: =?utf-8?b?5Y+W5raI?=\r\n\r\nbody\r\n"


@pytest.fixture
def env(engine, tmp_path):
    with Session(engine) as session:
        yield session, RawStore(tmp_path / "messages"), tmp_path


def test_a_message_is_kept_byte_for_byte_with_its_envelope(env):
    session, store, _ = env
    row = ledger.record(session, store, FetchedMessage(raw=RAW, folder="INBOX", uid=7, uidvalidity=1),
                        mailbox="mb", merchant_id="m1", now=NOW)
    session.commit()
    assert store.get(row.raw_path) == RAW
    assert (row.message_id, row.from_addr, row.subject, row.uid) == ("<a@x>", "a@x.example", "取消", 7)


def test_the_same_bytes_are_recorded_once(env):
    session, store, _ = env
    first = ledger.record(session, store, FetchedMessage(raw=RAW, folder="INBOX"), mailbox="mb", merchant_id="m1", now=NOW)
    again = ledger.record(session, store, FetchedMessage(raw=RAW, folder="INBOX"), mailbox="mb", merchant_id="m1", now=NOW)
    assert first is not None and again is None


def test_the_same_message_id_with_other_bytes_is_kept_but_marked_duplicate(env):
    session, store, _ = env
    ledger.record(session, store, FetchedMessage(raw=RAW, folder="INBOX"), mailbox="mb", merchant_id="m1", now=NOW)
    copy = ledger.record(session, store, FetchedMessage(raw=b"Received: by relay\r\n" + RAW, folder="Archive"),
                         mailbox="mb", merchant_id="m1", now=NOW)
    assert copy.parse_status is ParseStatus.DUPLICATE


def test_bytes_no_parser_accepts_still_get_a_ledger_row(env):
    session, store, _ = env
    garbage = b"\x00\xff\xfe not a mail at all"
    row = ledger.record(session, store, FetchedMessage(raw=garbage, folder="INBOX"), mailbox="mb", merchant_id="m1", now=NOW)
    session.commit()
    assert store.get(row.raw_path) == garbage


def test_a_local_folder_sync_reads_eml_and_maildir_files_once(env):
    session, store, tmp = env
    inbox = tmp / "inbox"
    (inbox / "new").mkdir(parents=True)
    (inbox / "one.eml").write_bytes(RAW)
    (inbox / "new" / "1700000000.M1.host").write_bytes(RAW.replace(b"<a@x>", b"<b@x>"))
    source = LocalFolderSource("mb", inbox)
    first = sync_mailbox(session, source, store, folders=["INBOX"], merchant_id="m1", batch_size=1, now=NOW)
    second = sync_mailbox(session, source, store, folders=["INBOX"], merchant_id="m1", batch_size=1, now=NOW)
    assert (first.read, first.new) == (2, 2)
    assert (second.read, second.new) == (2, 0)
    assert len(session.exec(select(InboundMessage)).all()) == 2


def test_a_missing_folder_is_recorded_on_its_cursor_and_other_folders_go_on(env):
    session, store, tmp = env
    (tmp / "inbox").mkdir()
    (tmp / "inbox" / "one.eml").write_bytes(RAW)
    stats = sync_mailbox(session, LocalFolderSource("mb", tmp / "inbox"), store, folders=["Missing", "INBOX"],
                         merchant_id="m1", batch_size=10, now=NOW)
    assert stats.new == 1
    assert "mb/Missing" in stats.errors[0]
    cursor = session.exec(select(SyncCursor).where(SyncCursor.folder == "Missing")).one()
    assert cursor.consecutive_failures == 1 and cursor.last_error_at == NOW


def test_a_batch_records_repeated_bytes_once_and_a_repeated_message_id_as_duplicate(env):
    session, store, _ = env
    other = b"Received: by relay\r\n" + RAW
    batch = [FetchedMessage(raw=r, folder="INBOX", uid=i) for i, r in enumerate([RAW, RAW, other], 1)]
    new = ledger.record_batch(session, store, batch, mailbox="mb", merchant_id="m1", now=NOW)
    assert new == [True, False, True]
    statuses = sorted(r.parse_status.value for r in session.exec(select(InboundMessage)).all())
    assert statuses == ["duplicate", "pending"]


def test_rows_recorded_concurrently_by_another_process_are_skipped_and_the_rest_inserted(env):
    session, store, tmp = env
    second = RAW.replace(b"<a@x>", b"<c@x>")
    with Session(session.get_bind()) as other:
        ledger.record(other, RawStore(tmp / "messages"), FetchedMessage(raw=RAW, folder="INBOX"),
                      mailbox="mb", merchant_id="m1", now=NOW)
        other.commit()
    rows = [ledger._row(FetchedMessage(raw=r, folder="INBOX"), ledger.digest(r), "x", "mb", "m1", NOW)
            for r in (RAW, second)]
    assert ledger._insert(session, rows) == {ledger.digest(second)}
