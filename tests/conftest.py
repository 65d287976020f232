"""Shared fixtures. Server fixtures live in tests/servers; add others below, keep this file small."""

from tests.servers import dovecot, imap_user, smtp_server  # noqa: F401  (pytest finds fixtures by name)
