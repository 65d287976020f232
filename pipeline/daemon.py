"""The long-running scheduler: one job cycle per interval until SIGINT/SIGTERM."""

from __future__ import annotations

import logging
import signal
from datetime import datetime, timezone

from apscheduler.schedulers.blocking import BlockingScheduler

from pipeline.job import run_once
from pipeline.runtime import build_runtime
from pipeline.settings import Settings

log = logging.getLogger(__name__)


def cycle(settings: Settings) -> None:
    """One cycle; its errors are logged loudly and the next cycle still runs."""
    rt = build_runtime(settings)
    stats = run_once(rt)
    log.warning("cycle done: %s", stats.summary()) if stats.errors else log.info("cycle done: %s", stats.summary())
    for error in stats.errors:
        log.error("cycle error: %s", error)
    rt.engine.dispose()


def run_forever(settings: Settings) -> None:
    scheduler = BlockingScheduler(timezone=settings.schedule.timezone)
    scheduler.add_job(cycle, "interval", args=[settings], seconds=settings.schedule.interval_seconds,
                      next_run_time=datetime.now(timezone.utc), max_instances=1, coalesce=True,
                      id="cancelflow-cycle")

    def stop(signum: int, _frame: object) -> None:
        log.warning("signal %s received, stopping after the current cycle", signum)
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    scheduler.start()
