"""One base error and a subclass per failing operation, each naming its context."""

from __future__ import annotations


class CancelflowError(Exception):
    """Base of every error Cancelflow raises on purpose."""


class ConfigError(CancelflowError):
    """The configuration is missing, unreadable or invalid (names file and key)."""


class SecretError(ConfigError):
    """A secret named in config could not be read (names the variable or file, never the value)."""


class ParseError(CancelflowError):
    """A message could not be parsed; it is kept and quarantined."""


class SourceError(CancelflowError):
    """A mailbox could not be read (names mailbox and folder)."""

    def __init__(self, message: str, *, mailbox: str = "", folder: str = "") -> None:
        where = "/".join(p for p in (mailbox, folder) if p)
        super().__init__(f"{where}: {message}" if where else message)
        self.mailbox = mailbox
        self.folder = folder


class AuthenticationError(SourceError):
    """The server refused the credentials."""


class FolderNotFound(SourceError):
    """A configured folder does not exist on the server."""


class DeliveryError(CancelflowError):
    """An outbound message could not be delivered."""

    permanent: bool = False


class TransientDeliveryError(DeliveryError):
    """Worth retrying later: 4xx replies, timeouts, dropped connections."""


class PermanentDeliveryError(DeliveryError):
    """Retrying will not help: 5xx replies, refused recipients."""

    permanent = True


class TransitionRefused(CancelflowError):
    """The state machine does not allow this transition from the case's state."""


class PolicyError(CancelflowError):
    """An action was refused by a safety policy (recipient not allowed, daily cap reached)."""
