"""Two processes working the same mailbox: the second steps aside, nothing is done twice."""

from datetime import timedelta

from sqlmodel import Session, select

from pipeline import leases
from pipeline.job import RunStats, process_mailbox
from pipeline.models import InboundMessage, Mailbox
from pipeline.runtime import build_runtime
from pipeline.settings import load_settings
from tests.builders import make_install


def test_a_mailbox_held_by_another_process_is_skipped_and_reported(tmp_path):
    rt = build_runtime(load_settings(make_install(tmp_path)))
    mailbox = rt.settings.mailboxes[0]
    with Session(rt.engine) as other:
        assert leases.acquire(other, f"mailbox:{mailbox.name}", "other-host:1", rt.clock.now(), timedelta(minutes=5))
    stats = RunStats()
    process_mailbox(rt, mailbox, stats)
    assert stats.busy_mailboxes == [mailbox.name] and stats.read == 0


def test_an_expired_lease_is_taken_over(tmp_path):
    rt = build_runtime(load_settings(make_install(tmp_path)))
    mailbox = rt.settings.mailboxes[0]
    with Session(rt.engine) as other:
        leases.acquire(other, f"mailbox:{mailbox.name}", "dead-host:1", rt.clock.now() - timedelta(hours=1),
                       timedelta(minutes=5))
    stats = RunStats()
    process_mailbox(rt, mailbox, stats)
    assert stats.new == 6 and not stats.busy_mailboxes


def test_processing_a_mailbox_twice_in_a_row_records_each_message_once(tmp_path):
    rt = build_runtime(load_settings(make_install(tmp_path)))
    mailbox = rt.settings.mailboxes[0]
    for _ in range(2):
        process_mailbox(rt, mailbox, RunStats())
    with Session(rt.engine) as s:
        assert len(s.exec(select(InboundMessage)).all()) == 6
        row = s.exec(select(Mailbox)).one()
    assert (row.name, row.merchant_id, row.folders) == (mailbox.name, "m1", ["INBOX"])
