"""IDLE watchers wake the daemon when mail arrives, and stop when told."""

import threading

from pipeline.watchers import start_watchers, watch
from tests.servers.config import imap_mailbox, make_settings
from tests.test_imap_sync import message


class Wakeups:
    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, mailbox):
        with self.changed:
            self.count += 1
            self.changed.notify_all()

    def wait_for(self, count, timeout=20):
        with self.changed:
            return self.changed.wait_for(lambda: self.count >= count, timeout=timeout)


class StopAfterWaits(threading.Event):
    """A stop event that sets itself after `limit` back-off waits: counts retries, spends no time."""

    def __init__(self, limit):
        super().__init__()
        self.limit, self.waits = limit, 0

    def wait(self, timeout=None):
        self.waits += 1
        if self.waits >= self.limit:
            self.set()
        return self.is_set()


def test_a_watcher_catches_up_on_start_then_wakes_on_new_mail_and_stops_when_told(dovecot, imap_user, tmp_path):
    settings = make_settings(tmp_path, mailboxes=[imap_mailbox(dovecot, tmp_path, name="box", username=imap_user)])
    stop, wakeups = threading.Event(), Wakeups()
    thread = threading.Thread(target=watch, args=(settings.mailboxes[0], stop, wakeups),
                              kwargs={"timeout": 0.5}, daemon=True)
    thread.start()
    assert wakeups.wait_for(1), "no catch-up call on start"
    dovecot.append(imap_user, "INBOX", [message(1)])
    assert wakeups.wait_for(2), "no wake-up after new mail"
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_watcher_with_bad_credentials_keeps_retrying_instead_of_dying(dovecot, imap_user, tmp_path):
    box = imap_mailbox(dovecot, tmp_path, name="box", username=imap_user, password="wrong")
    settings = make_settings(tmp_path, mailboxes=[box])
    stop, wakeups = StopAfterWaits(2), Wakeups()
    watch(settings.mailboxes[0], stop, wakeups, timeout=0.5, backoff=0)
    assert stop.waits == 2 and wakeups.count == 0


def test_only_imap_mailboxes_with_idle_get_a_watcher(dovecot, imap_user, tmp_path):
    boxes = [imap_mailbox(dovecot, tmp_path, name="a", username=imap_user),
             imap_mailbox(dovecot, tmp_path, name="b", username=imap_user, imap={"idle": False})]
    settings = make_settings(tmp_path, mailboxes=boxes)
    stop = threading.Event()
    stop.set()
    threads = start_watchers(settings.mailboxes, stop, lambda box: None)
    assert [t.name for t in threads] == ["idle-a"]
    for t in threads:
        t.join(timeout=30)
