"""The long-running scheduler: one job cycle per interval, IDLE pickups in between, until SIGINT/SIGTERM."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime, timezone

from apscheduler.schedulers.blocking import BlockingScheduler

from pipeline.job import RunStats, deliver, process_mailbox, run_once
from pipeline.runtime import build_runtime
from pipeline.settings import Mailbox, Settings
from pipeline.watchers import start_watchers

log = logging.getLogger(__name__)


def cycle(settings: Settings) -> None:
    """One cycle; its errors are logged loudly and the next cycle still runs."""
    rt = build_runtime(settings)
    stats = run_once(rt)
    _log(stats, "cycle")
    rt.engine.dispose()


def pickup(settings: Settings, mailbox: Mailbox) -> None:
    """New mail announced by IDLE: process that mailbox now and deliver what it caused."""
    rt = build_runtime(settings, migrate=False)
    stats = RunStats()
    process_mailbox(rt, mailbox, stats)
    deliver(rt, stats)
    _log(stats, f"pickup {mailbox.name}")
    rt.engine.dispose()


def _log(stats: RunStats, what: str) -> None:
    level = logging.WARNING if stats.errors else logging.INFO
    log.log(level, "%s done: %s", what, stats.summary())
    for error in stats.errors:
        log.error("%s error: %s", what, error)


def run_forever(settings: Settings) -> None:
    scheduler = BlockingScheduler(timezone=settings.schedule.timezone)
    scheduler.add_job(cycle, "interval", args=[settings], seconds=settings.schedule.interval_seconds,
                      next_run_time=datetime.now(timezone.utc), max_instances=1, coalesce=True,
                      id="cancelflow-cycle")
    stop = threading.Event()
    # Pickups run as scheduler jobs too, so they never overlap a cycle of the same process.
    start_watchers(settings.mailboxes, stop, lambda box: scheduler.add_job(pickup, args=[settings, box]))

    def shutdown(signum: int, _frame: object) -> None:
        log.warning("signal %s received, stopping after the current cycle", signum)
        stop.set()
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    scheduler.start()
