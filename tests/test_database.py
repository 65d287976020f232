from datetime import datetime, timezone

import pytest
import sqlalchemy
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from pipeline import cases, db
from pipeline.errors import TransitionRefused
from pipeline.models import Case, CaseEvent, CaseKind, InboundMessage, OutboundMessage
from pipeline.states import Event, State

NOW = datetime(2025, 1, 10, 1, 0, tzinfo=timezone.utc)



def test_migrations_create_every_table_on_an_empty_database(engine):
    tables = set(sqlalchemy.inspect(engine).get_table_names())
    assert {"case", "caseevent", "inboundmessage", "outboundmessage", "synccursor", "mailbox"} <= tables


def test_upgrading_twice_is_harmless(engine):
    db.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(sqlalchemy.text("select count(*) from alembic_version")).scalar() == 1


def test_the_schema_from_migrations_matches_the_models(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_datetimes_come_back_aware_in_utc(engine):
    with Session(engine) as s:
        case, _ = cases.open_case(s, merchant_id="m", provider="lakala", kind=CaseKind.CANCEL_APPLICATION,
                                  order_number="LKL1", terminal_sn=None, now=NOW)
        s.commit()
        s.expire_all()
        assert s.get(Case, case.id).created_at == NOW


def test_a_naive_datetime_is_refused(engine):
    with Session(engine) as s:
        with pytest.raises(Exception, match="naive"):
            cases.open_case(s, merchant_id="m", provider="lakala", kind=CaseKind.CANCEL_APPLICATION,
                            order_number="LKL1", terminal_sn=None, now=datetime(2025, 1, 1))


def test_the_same_case_keys_open_one_case(engine):
    with Session(engine) as s:
        first, created = cases.open_case(s, merchant_id="m", provider="lakala", kind=CaseKind.CANCEL_APPLICATION,
                                         order_number="LKL1", terminal_sn=None, now=NOW)
        again, created_again = cases.open_case(s, merchant_id="m", provider="lakala",
                                               kind=CaseKind.CANCEL_APPLICATION, order_number="lkl1",
                                               terminal_sn="SN9", now=NOW)
        assert created and not created_again and first.id == again.id


@pytest.mark.parametrize("first, second", [(CaseKind.CANCEL_APPLICATION, CaseKind.RETURN_DEVICE),
                                           (CaseKind.RETURN_DEVICE, CaseKind.CANCEL_APPLICATION)])
def test_a_shipped_application_and_its_device_return_are_one_case(engine, first, second):
    # The shipped notice turns the case's kind; a second forward must still find it, either way round.
    with Session(engine) as s:
        case, _ = cases.open_case(s, merchant_id="m", provider="lakala", kind=first, order_number="LKL1",
                                  terminal_sn=None, now=NOW)
        case.kind = second
        again, created = cases.open_case(s, merchant_id="m", provider="lakala", kind=second, order_number="LKL1",
                                         terminal_sn=None, now=NOW)
        other, created_other = cases.open_case(s, merchant_id="m", provider="lakala", kind=CaseKind.REFUND_FEE,
                                               order_number="LKL1", terminal_sn=None, now=NOW)
        assert not created and again.id == case.id
        assert created_other and other.id != case.id  # a fee refund is a case of its own


def test_a_transition_writes_an_event_with_its_cause(engine):
    with Session(engine) as s:
        case, _ = cases.open_case(s, merchant_id="m", provider="lakala", kind=CaseKind.CANCEL_APPLICATION,
                                  order_number="LKL1", terminal_sn=None, now=NOW)
        cases.transition(s, case, Event.REQUEST_SENT, now=NOW, cause="template")
        events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
        assert [(e.action, e.old_state, e.new_state) for e in events] == [
            ("opened", None, "new"), ("request_sent", "new", "requested")]
        assert case.state == State.REQUESTED.value


def test_a_transition_the_table_does_not_allow_is_refused(engine):
    with Session(engine) as s:
        case, _ = cases.open_case(s, merchant_id="m", provider="lakala", kind=CaseKind.CANCEL_APPLICATION,
                                  order_number="LKL1", terminal_sn=None, now=NOW)
        with pytest.raises(TransitionRefused):
            cases.transition(s, case, Event.CONFIRMED, now=NOW, cause="message")
        assert case.state == State.NEW.value


def test_a_stale_worker_cannot_apply_a_transition_twice(engine):
    with Session(engine) as a, Session(engine) as b:
        case, _ = cases.open_case(a, merchant_id="m", provider="lakala", kind=CaseKind.CANCEL_APPLICATION,
                                  order_number="LKL1", terminal_sn=None, now=NOW)
        a.commit()
        stale = b.get(Case, case.id)
        cases.transition(a, case, Event.REQUEST_SENT, now=NOW, cause="template")
        a.commit()
        with pytest.raises(TransitionRefused, match="concurrently"):
            cases.transition(b, stale, Event.REQUEST_SENT, now=NOW, cause="template")


def test_message_hashes_and_outbound_keys_are_unique(engine):
    with Session(engine) as s:
        s.add(InboundMessage(sha256="a" * 64, raw_path="x", size=1, received_at=NOW))
        s.add(InboundMessage(sha256="a" * 64, raw_path="y", size=1, received_at=NOW))
        with pytest.raises(IntegrityError):
            s.commit()
    with Session(engine) as s:
        for i in range(2):
            s.add(OutboundMessage(idempotency_key="k", template="t", message_id=f"<{i}@x>", raw=b"", created_at=NOW))
        with pytest.raises(IntegrityError):
            s.commit()
