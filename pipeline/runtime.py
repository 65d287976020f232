"""The services one run needs, built once at the entry point and passed down."""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine

from pipeline import db
from pipeline.clock import Clock
from pipeline.compose import Templates
from pipeline.rawstore import RawStore
from pipeline.registry import Registry, load_registry
from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline.analysis import Analyser


@dataclass
class Runtime:
    settings: Settings
    registry: Registry
    templates: Templates
    store: RawStore
    engine: Engine
    clock: Clock
    case_key: bytes

    @cached_property
    def analyser(self) -> "Analyser":
        """Keyword rules loaded and classifiers chosen once per run, not once per message."""
        from pipeline.analysis import Analyser

        return Analyser(self.registry, self.settings.classifiers or None)


def build_runtime(settings: Settings, clock: Clock | None = None, *, migrate: bool = True) -> Runtime:
    """Load the registry and templates, open the database and bring its schema up to date."""
    engine = db.make_engine(settings.db_url)
    if migrate:
        db.upgrade(engine)
    return Runtime(
        settings=settings,
        registry=load_registry(settings.providers_file),
        templates=Templates(settings.templates_dir),
        store=RawStore(settings.messages_dir),
        engine=engine,
        clock=clock or Clock(),
        case_key=case_key(settings),
    )


def case_key(settings: Settings) -> bytes:
    """The key that signs our Message-IDs: from config, else generated once under the data dir."""
    if settings.outbound.case_key is not None:
        return settings.outbound.case_key.reveal().encode()
    path = settings.data_dir / "case.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return Path(path).read_text().strip().encode()
