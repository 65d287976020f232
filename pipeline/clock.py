"""The one clock every decision reads, so a run can be replayed at any time (`--now`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass
class Clock:
    """Real time, or a fixed instant when `frozen` is set."""

    frozen: datetime | None = None

    def now(self) -> datetime:
        if self.frozen is not None:
            return self.frozen
        return datetime.now(timezone.utc)

    @classmethod
    def at(cls, instant: str | datetime) -> "Clock":
        """A clock fixed at `instant` (ISO 8601; a naive value is taken as UTC)."""
        value = datetime.fromisoformat(instant) if isinstance(instant, str) else instant
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return cls(frozen=value)
