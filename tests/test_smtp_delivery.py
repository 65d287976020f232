"""SMTP delivery through the outbox against a real aiosmtpd server and a real Dovecot Sent folder."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.policy import SMTP
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from pipeline.errors import PermanentDeliveryError, TransientDeliveryError
from pipeline.ingest import sync_mailbox
from pipeline.models import InboundMessage, OutboundMessage, OutboundStatus
from pipeline.outbox import deliver_due, enqueue
from pipeline.rawstore import RawStore
from pipeline.settings import Settings
from pipeline.sinks.smtp import SmtpSink
from pipeline.sources.imap import ImapSource
from tests.servers.config import imap_mailbox, make_settings
from tests.servers.dovecot import free_port

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SENDER = "cancel@cancelflow.test"
PROVIDER = "service@provider.example"
CHINESE_SUBJECT = "申请注销POS机及退还押金 – 商户 M-1024（紧急）"



@pytest.fixture
def settings(tmp_path, smtp_server) -> Settings:
    return make_settings(tmp_path, smtp=smtp_server)


@pytest.fixture
def sent_settings(tmp_path, smtp_server, dovecot, imap_user) -> Settings:
    """SMTP plus a Sent folder in `imap_user`'s mailbox, for crash recovery."""
    dovecot.create_folder(imap_user, "Sent")
    box = imap_mailbox(dovecot, tmp_path, name="outbound", username=imap_user)
    return make_settings(tmp_path, mailboxes=[box], smtp=smtp_server, sent_folder_mailbox="outbound")


def letter(n: int, subject: str = "Cancellation request") -> EmailMessage:
    msg = EmailMessage(policy=SMTP)
    msg["From"], msg["To"], msg["Subject"] = SENDER, PROVIDER, subject
    msg["Message-ID"] = f"<out-{n}@cancelflow.test>"
    msg.set_content("请注销终端 SN 12345。\nPlease cancel terminal SN 12345.\n")
    return msg


def queue(engine: Engine, n: int, subject: str = "Cancellation request") -> int:
    msg = letter(n, subject)
    row = OutboundMessage(idempotency_key=f"case-{n}-request", template="request", recipients=[PROVIDER],
                          subject=subject, message_id=msg["Message-ID"], raw=msg.as_bytes(), created_at=NOW)
    with Session(engine) as session:
        enqueue(session, row)
        session.commit()
        assert row.id is not None
        return row.id


def deliver(engine: Engine, sink: SmtpSink, at: datetime = NOW):
    with Session(engine) as session:
        return deliver_due(session, sink, sender=SENDER, now=at, max_attempts=5, retry_base=timedelta(minutes=1))


def status(engine: Engine, row_id: int) -> OutboundMessage:
    with Session(engine) as session:
        row = session.get(OutboundMessage, row_id)
        assert row is not None
        return row


def test_a_4xx_reply_is_retried_by_the_outbox_and_then_sent(engine, settings, smtp_server):
    row_id = queue(engine, 1)
    smtp_server.fail_next(1)
    sink = SmtpSink(settings)
    first = deliver(engine, sink)
    assert (first.retried, first.sent) == (1, 0)
    assert status(engine, row_id).status == OutboundStatus.QUEUED
    assert "451" in (status(engine, row_id).last_error or "")

    second = deliver(engine, sink, NOW + timedelta(minutes=5))
    sink.close()
    assert second.sent == 1 and status(engine, row_id).status == OutboundStatus.SENT
    assert len(smtp_server.received) == 1


def test_a_5xx_reply_fails_the_row_and_it_is_not_retried(engine, settings, smtp_server):
    row_id = queue(engine, 2)
    smtp_server.refuse(PROVIDER)
    sink = SmtpSink(settings)
    first = deliver(engine, sink)
    later = deliver(engine, sink, NOW + timedelta(days=1))
    sink.close()
    assert first.failed_ids == [row_id] and later.sent == later.retried == 0
    row = status(engine, row_id)
    assert row.status == OutboundStatus.FAILED and row.attempts == 1 and "550" in (row.last_error or "")
    assert smtp_server.received == []


def test_one_connection_is_reused_for_several_sends(engine, settings, smtp_server):
    for n in range(3):
        queue(engine, 10 + n)
    sink = SmtpSink(settings)
    stats = deliver(engine, sink)
    sink.close()
    assert stats.sent == 3 and len(smtp_server.received) == 3
    assert smtp_server.handler.greetings == 1


def test_a_refused_connection_is_a_transient_error(tmp_path):
    nobody_listening = SimpleNamespace(host="127.0.0.1", port=free_port())
    sink = SmtpSink(make_settings(tmp_path, smtp=nobody_listening))  # type: ignore[arg-type]
    with pytest.raises(TransientDeliveryError):
        sink.send(sender=SENDER, recipients=[PROVIDER], raw=letter(3).as_bytes(), message_id="<out-3@cancelflow.test>")


def test_a_wrong_smtp_password_is_permanent_and_not_shown(tmp_path, smtp_server):
    settings = make_settings(tmp_path, smtp=smtp_server)
    (tmp_path / "smtp.secret").write_text("wrong-口令-42")
    with pytest.raises(PermanentDeliveryError) as caught:
        SmtpSink(settings).send(sender=SENDER, recipients=[PROVIDER], raw=letter(4).as_bytes(),
                                message_id="<out-4@cancelflow.test>")
    assert "535" in str(caught.value) and "wrong-口令-42" not in str(caught.value)


def test_a_crash_between_send_and_mark_does_not_send_twice(engine, sent_settings, smtp_server, dovecot, imap_user):
    row_id = queue(engine, 5)
    sink = SmtpSink(sent_settings)
    row = status(engine, row_id)
    # What a sender that died right after the send leaves behind: mail out, row still `sending`.
    sink.send(sender=SENDER, recipients=[PROVIDER], raw=row.raw, message_id=row.message_id)
    with Session(engine) as session:
        row.status, row.attempts, row.next_attempt_at = OutboundStatus.SENDING, 1, NOW - timedelta(hours=1)
        session.add(row)
        session.commit()

    stats = deliver(engine, sink)
    sink.close()
    assert stats.recovered == 1 and stats.sent == 0
    assert status(engine, row_id).status == OutboundStatus.SENT
    assert len(smtp_server.received) == 1


def test_a_crash_before_the_send_sends_exactly_once(engine, sent_settings, smtp_server):
    row_id = queue(engine, 6)
    with Session(engine) as session:
        row = session.get(OutboundMessage, row_id)
        row.status, row.attempts, row.next_attempt_at = OutboundStatus.SENDING, 1, NOW - timedelta(hours=1)
        session.add(row)
        session.commit()
    sink = SmtpSink(sent_settings)
    stats = deliver(engine, sink)
    again = deliver(engine, sink, NOW + timedelta(hours=1))
    sink.close()
    assert stats.sent == 1 and again.sent == 0 and stats.recovered == 0
    assert len(smtp_server.received) == 1
    assert sink.already_sent(status(engine, row_id).message_id) is True


def test_without_a_sent_folder_an_interrupted_send_is_left_to_staff(engine, settings, smtp_server):
    row_id = queue(engine, 7)
    with Session(engine) as session:
        row = session.get(OutboundMessage, row_id)
        row.status, row.next_attempt_at = OutboundStatus.SENDING, NOW - timedelta(hours=1)
        session.add(row)
        session.commit()
    sink = SmtpSink(settings)
    stats = deliver(engine, sink)
    sink.close()
    assert stats.failed_ids == [row_id] and smtp_server.received == []


def test_a_chinese_subject_round_trips_through_rfc_2047(engine, sent_settings, smtp_server, tmp_path):
    queue(engine, 8, subject=CHINESE_SUBJECT)
    sink = SmtpSink(sent_settings)
    deliver(engine, sink)
    sink.close()

    raw = smtp_server.received[0].raw
    header = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # RFC 2047 keeps the header ASCII
    assert "=?utf-8?" in header.lower()
    assert str(make_header(decode_header(email.message_from_bytes(raw)["Subject"]))) == CHINESE_SUBJECT

    with Session(engine) as session:  # the Sent copy read back over IMAP into the ledger
        sync_mailbox(session, ImapSource(sent_settings.mailbox("outbound")), RawStore(tmp_path / "messages"), folders=["Sent"],
                     merchant_id="m1", batch_size=10, now=NOW)
        stored = session.exec(select(InboundMessage)).one()
    assert stored.subject == CHINESE_SUBJECT


def test_an_unreadable_smtp_password_requeues_the_row_and_names_the_file(engine, tmp_path, smtp_server):
    settings = make_settings(tmp_path, smtp=smtp_server)
    (tmp_path / "smtp.secret").unlink()
    row_id = queue(engine, 9)
    stats = deliver(engine, SmtpSink(settings))
    row = status(engine, row_id)
    assert stats.retried == 1 and row.status == OutboundStatus.QUEUED
    assert "smtp.secret" in (row.last_error or "") and smtp_server.received == []
