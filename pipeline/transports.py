"""Builds the configured mail source for each mailbox and the outbound sink."""

from __future__ import annotations

from pipeline.settings import Mailbox, Settings
from pipeline.sinks.base import MailSink
from pipeline.sinks.fileoutbox import FileOutbox
from pipeline.sources.base import MailSource
from pipeline.sources.local import LocalFolderSource


def open_source(mailbox: Mailbox) -> MailSource:
    if mailbox.kind == "local":
        assert mailbox.path is not None
        return LocalFolderSource(mailbox.name, mailbox.path)
    from pipeline.sources.imap import ImapSource  # imported late: only IMAP installs need it

    return ImapSource(mailbox)


def open_sink(settings: Settings) -> MailSink:
    if settings.outbound.transport == "file":
        return FileOutbox(settings.outbox_dir)
    from pipeline.sinks.smtp import SmtpSink

    return SmtpSink(settings)
