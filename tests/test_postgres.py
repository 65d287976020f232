"""PostgreSQL is a supported database: migrations and the whole job run on a real server."""

import pytest
import sqlalchemy
from sqlmodel import Session, select

from pipeline import db
from pipeline.job import run_once
from pipeline.models import Case, OutboundMessage
from pipeline.runtime import build_runtime
from pipeline.settings import load_settings
from tests.builders import make_install
from tests.postgres_server import PostgresServer


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def fresh_url(postgres):
    engine = sqlalchemy.create_engine(postgres.url)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return postgres.url


def test_migrations_build_the_schema_on_an_empty_postgres_database(fresh_url):
    engine = db.make_engine(fresh_url)
    db.upgrade(engine)
    db.upgrade(engine)
    assert {"case", "inboundmessage", "outboundmessage"} <= set(sqlalchemy.inspect(engine).get_table_names())


def test_the_job_runs_on_postgres_and_a_second_run_adds_nothing(tmp_path, fresh_url):
    config = make_install(tmp_path, database_url=fresh_url)
    first = run_once(build_runtime(load_settings(config)))
    rt = build_runtime(load_settings(config))
    second = run_once(rt)
    assert first.cases_opened == 2 and first.sent == 2 and not first.errors
    assert (second.new, second.cases_opened, second.sent) == (0, 0, 0)
    with Session(rt.engine) as s:
        assert len(s.exec(select(Case)).all()) == 2
        assert len(s.exec(select(OutboundMessage)).all()) == 2
        assert all(c.created_at.tzinfo is not None for c in s.exec(select(Case)).all())
