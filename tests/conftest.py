"""Shared fixtures. Server fixtures live in tests/servers; add others below, keep this file small."""

import pytest

from pipeline import db
from pipeline.rawstore import RawStore
from tests.servers import dovecot, imap_user, smtp_server  # noqa: F401  (pytest finds fixtures by name)


@pytest.fixture
def engine(tmp_path):
    """A migrated SQLite database of the test's own."""
    engine = db.make_engine(f"sqlite:///{tmp_path}/t.db")
    db.upgrade(engine)
    return engine


@pytest.fixture
def store(tmp_path):
    return RawStore(tmp_path / "messages")
