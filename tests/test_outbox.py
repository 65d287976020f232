from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import Session

from pipeline import outbox
from pipeline.errors import PermanentDeliveryError, PolicyError, TransientDeliveryError
from pipeline.models import OutboundMessage, OutboundStatus
from pipeline.sinks.fileoutbox import FileOutbox

NOW = datetime(2025, 1, 10, 1, 0, tzinfo=timezone.utc)


class ScriptedSink:
    """A sink that fails as told, then writes to a real file outbox."""

    def __init__(self, directory, failures):
        self.files = FileOutbox(directory)
        self.failures = list(failures)
        self.sent = []

    def send(self, *, sender, recipients, raw, message_id):
        if self.failures:
            raise self.failures.pop(0)
        self.files.send(sender=sender, recipients=recipients, raw=raw, message_id=message_id)
        self.sent.append(message_id)

    def already_sent(self, message_id):
        return self.files.already_sent(message_id)

    def close(self):
        pass


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


def queued(session, key="k1"):
    row, _ = outbox.enqueue(session, OutboundMessage(idempotency_key=key, template="t", recipients=["p@x.example"],
                                                     message_id=f"<{key}@cf>", raw=b"Subject: x\r\n\r\nhi\r\n",
                                                     created_at=NOW))
    session.commit()
    return row


def deliver(session, sink, now=NOW):
    return outbox.deliver_due(session, sink, sender="cf@x", now=now, max_attempts=3, retry_base=timedelta(minutes=1))


def test_the_same_idempotency_key_queues_one_message(session):
    first = queued(session)
    again, created = outbox.enqueue(session, OutboundMessage(idempotency_key="k1", template="t", message_id="<other@cf>",
                                                             raw=b"", created_at=NOW))
    assert not created and again.id == first.id


def test_a_queued_message_is_written_to_the_file_outbox_and_marked_sent(session, tmp_path):
    row = queued(session)
    stats = deliver(session, ScriptedSink(tmp_path / "out", []))
    assert stats.sent == 1 and row.status is OutboundStatus.SENT
    assert FileOutbox(tmp_path / "out").already_sent(row.message_id)
    assert deliver(session, ScriptedSink(tmp_path / "out", [])).sent == 0


def test_a_temporary_failure_is_retried_after_a_backoff(session, tmp_path):
    row = queued(session)
    sink = ScriptedSink(tmp_path / "out", [TransientDeliveryError("451 try later")])
    assert deliver(session, sink).retried == 1
    assert row.status is OutboundStatus.QUEUED and row.next_attempt_at == NOW + timedelta(minutes=1)
    assert deliver(session, sink).sent == 0  # not due yet
    assert deliver(session, sink, NOW + timedelta(minutes=2)).sent == 1


def test_a_permanent_failure_is_not_retried(session, tmp_path):
    row = queued(session)
    stats = deliver(session, ScriptedSink(tmp_path / "out", [PermanentDeliveryError("550 no such user")]))
    assert stats.failed == 1 and row.status is OutboundStatus.FAILED and "550" in row.last_error


def test_retries_stop_at_the_attempt_limit(session, tmp_path):
    row = queued(session)
    sink = ScriptedSink(tmp_path / "out", [TransientDeliveryError("421")] * 5)
    for minutes in (0, 10, 30):
        deliver(session, sink, NOW + timedelta(minutes=minutes))
    assert row.status is OutboundStatus.FAILED and row.attempts == 3


def test_a_send_interrupted_after_delivery_is_not_sent_again(session, tmp_path):
    row = queued(session)
    sink = ScriptedSink(tmp_path / "out", [])
    sink.files.send(sender="cf@x", recipients=row.recipients, raw=row.raw, message_id=row.message_id)
    row.status, row.next_attempt_at = OutboundStatus.SENDING, NOW  # the sender died before marking
    session.add(row)
    session.commit()
    stats = deliver(session, sink, NOW + timedelta(hours=1))
    assert stats.recovered == 1 and sink.sent == [] and row.status is OutboundStatus.SENT


def test_recipients_outside_the_allowed_set_are_refused():
    with pytest.raises(PolicyError, match="evil@x"):
        outbox.check_recipients(["ok@p.example", "evil@x"], {"ok@p.example"})
