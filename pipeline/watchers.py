"""IMAP IDLE watchers: near-real-time pickup in the daemon, with polling where IDLE is missing."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from pipeline.errors import CancelflowError
from pipeline.settings import Mailbox

log = logging.getLogger(__name__)

# RFC 2177: re-issue IDLE before 29 minutes, or servers may drop the connection.
IDLE_SECONDS = 25 * 60


def watch(mailbox: Mailbox, stop: threading.Event, on_mail: Callable[[Mailbox], None], *,
          timeout: float = IDLE_SECONDS, backoff: float = 60.0) -> None:
    """Until `stop` is set, wait on `mailbox`'s first folder and call `on_mail` when mail may be there.

    Errors are logged and retried after `backoff`; a watcher never dies silently
    while the daemon runs, and the interval cycle still polls meanwhile.
    """
    from pipeline.sources.imap import ImapSource

    folder = mailbox.folders[0]
    while not stop.is_set():
        source = ImapSource(mailbox)
        try:
            source.open_folder(folder)
            on_mail(mailbox)  # catch up on whatever arrived while we were not watching
            while not stop.is_set():
                if source.idle_wait(folder, timeout) and not stop.is_set():
                    on_mail(mailbox)
        except CancelflowError as exc:
            log.error("%s: IDLE watcher: %s; retrying in %.0f s", mailbox.name, exc, backoff)
            stop.wait(backoff)
        finally:
            source.close()


def start_watchers(mailboxes: list[Mailbox], stop: threading.Event,
                   on_mail: Callable[[Mailbox], None]) -> list[threading.Thread]:
    """One daemon thread per IMAP mailbox that has IDLE enabled."""
    threads = []
    for box in mailboxes:
        if box.kind == "imap" and box.imap is not None and box.imap.idle:
            thread = threading.Thread(target=watch, args=(box, stop, on_mail), name=f"idle-{box.name}", daemon=True)
            thread.start()
            threads.append(thread)
    return threads
