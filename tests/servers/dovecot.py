"""A throwaway Dovecot IMAP server on 127.0.0.1, configured and owned by one test session.

Everything lives under one temporary folder: the config, the passwd-file and
every user's Maildir. Dovecot refuses to run its login and mail processes as
root, so as root they run as the packaged unprivileged users (dovenull,
dovecot, nobody); as any other user everything runs as that user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from imapclient import IMAPClient

DOVECOT = "/usr/sbin/dovecot"
START_TIMEOUT = 20.0


class DovecotMissing(RuntimeError):
    """The dovecot binary is not installed; the README test command installs it."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def dovecot_version(binary: str = DOVECOT) -> tuple[int, int]:
    """(major, minor) of the installed Dovecot; raise DovecotMissing if there is none."""
    if not Path(binary).exists():
        raise DovecotMissing(
            f"{binary} not found: install it with `apt-get install -y dovecot-imapd` "
            "(the README test command does this)"
        )
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    major, minor = out.split()[0].split(".")[:2]
    return int(major), int(minor)


@dataclass(frozen=True)
class Identities:
    """Who Dovecot's processes run as."""

    login_user: str
    internal_user: str
    mail_uid: int
    mail_gid: int

    @classmethod
    def for_current_user(cls) -> Identities:
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            return cls("dovenull", "dovecot", nobody.pw_uid, nobody.pw_gid)
        me = pwd.getpwuid(os.geteuid())
        return cls(me.pw_name, me.pw_name, me.pw_uid, me.pw_gid)


class Dovecot:
    """One Dovecot instance: start/stop/kill, users, folders and messages.

    Test helpers talk IMAP to it (APPEND, CREATE, DELETE) like any client, except
    `write_maildir`, which drops files straight into a Maildir for bulk loads
    (Dovecot indexes them on the next SELECT).
    """

    def __init__(self, root: Path | None = None, port: int | None = None, *, tls: bool = False,
                 oauth2_introspection_url: str | None = None) -> None:
        """With `tls`, also serve IMAPS on `tls_port` and STARTTLS, with a self-signed `certificate`.

        With `oauth2_introspection_url`, XOAUTH2 logins are checked by POSTing the token there.
        """
        self.oauth2_url = oauth2_introspection_url
        self.version = dovecot_version()
        self.root = root or Path(tempfile.mkdtemp(prefix="cancelflow-dovecot-"))
        self.root.chmod(0o755)  # mail processes run as another uid and must reach the homes
        self.port = port or free_port()
        self.tls_port = free_port() if tls else 0
        self.certificate = self.root / "cert.pem" if tls else None
        self.host = "127.0.0.1"
        self.ids = Identities.for_current_user()
        self.users: dict[str, str] = {}
        self.extra: dict[str, str] = {}  # passwd-file extra fields per user
        self.process: subprocess.Popen[bytes] | None = None
        self._unique = count()
        self._write_config()

    @property
    def config_path(self) -> Path:
        return self.root / "dovecot.conf"

    @property
    def log_path(self) -> Path:
        return self.root / "dovecot.log"

    # -- lifecycle -------------------------------------------------------

    def start(self) -> None:
        """Start Dovecot in the foreground and return once it greets on its port."""
        with open(self.root / "stderr.log", "ab") as stderr:
            self.process = subprocess.Popen(
                [DOVECOT, "-F", "-c", str(self.config_path)], stdout=subprocess.DEVNULL, stderr=stderr,
                start_new_session=True,  # its own process group, so kill() reaches the children too
            )
        self._wait_for_greeting()

    def stop(self) -> None:
        """Stop cleanly; Dovecot closes every client connection on shutdown."""
        if self.process is None:
            return
        self.process.terminate()
        self.process.wait(timeout=20)
        self.process = None

    def kill(self) -> None:
        """Crash the server: SIGKILL to master and children, as a power cut would."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=20)
        self.process = None
        self._reap_leftovers()

    def close(self) -> None:
        """Kill the server and remove its folder: everything in it is throwaway."""
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def _wait_for_greeting(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited with {self.process.returncode}:\n{self._log_tail()}")
            if self._greets():
                return
        self.stop()
        raise RuntimeError(f"dovecot did not answer on port {self.port} within {START_TIMEOUT}s:\n{self._log_tail()}")

    def _greets(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=0.5) as sock:
                return sock.recv(64).startswith(b"* OK")
        except OSError:
            time.sleep(0.02)  # refused at once: don't spin the CPU while the port opens
            return False

    def _reap_leftovers(self) -> None:
        """Wait until the killed group is gone, so a restart can bind the port."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not self._port_free():
            time.sleep(0.02)

    def _port_free(self) -> bool:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((self.host, self.port))
            except OSError:
                return False
            return True

    def log_text(self) -> str:
        """Everything Dovecot logged so far (logins, IMAP ID, errors)."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def _log_tail(self) -> str:
        texts = [p.read_text(errors="replace")[-3000:] for p in (self.log_path, self.root / "stderr.log") if p.exists()]
        return "\n".join(texts)

    # -- users and folders ----------------------------------------------

    def add_user(self, username: str, password: str, *, capabilities: str | None = None) -> None:
        """Create (or reset the password of) `username` with an empty Maildir.

        `capabilities` (one token, e.g. "IMAP4rev1") replaces what Dovecot advertises
        to this user after login, to play a server without MOVE, IDLE or ID.
        """
        home = self.home(username)
        self.extra[username] = f"userdb_imap_capability={capabilities}" if capabilities else ""
        for sub in ("cur", "new", "tmp"):
            (home / "Maildir" / sub).mkdir(parents=True, exist_ok=True)
        self._chown_tree(home)
        self.users[username] = password
        self._write_passwd()

    def home(self, username: str) -> Path:
        return self.root / "home" / username

    def client(self, username: str) -> IMAPClient:
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=30)
        client.login(username, self.users[username])
        return client

    def create_folder(self, username: str, folder: str) -> None:
        with self.client(username) as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)

    def delete_folder(self, username: str, folder: str) -> None:
        with self.client(username) as client:
            client.delete_folder(folder)

    def append(self, username: str, folder: str, messages: Iterable[bytes], flags: tuple[bytes, ...] = ()) -> None:
        """APPEND each message over one connection, creating the folder if needed."""
        with self.client(username) as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for raw in messages:
                client.append(folder, raw, flags=flags)

    def write_maildir(self, username: str, folder: str, messages: Iterable[bytes]) -> int:
        """Write messages straight into the Maildir of `folder` (fast bulk load); return how many.

        Files go to cur/ with no flags, as mail looks once any client has seen the
        folder: mail left in new/ makes every read-only SELECT rescan the directory.
        """
        target = self._maildir(username, folder) / "cur"
        for sub in ("cur", "new", "tmp"):
            (target.parent / sub).mkdir(parents=True, exist_ok=True)
        written = 0
        for raw in messages:
            (target / f"{int(time.time())}.M{next(self._unique)}P{os.getpid()}.cancelflow:2,").write_bytes(raw)
            written += 1
        self._chown_tree(target.parent)
        return written

    def _maildir(self, username: str, folder: str) -> Path:
        base = self.home(username) / "Maildir"
        return base if folder.upper() == "INBOX" else base / ("." + folder.replace("/", "."))

    def _chown_tree(self, path: Path) -> None:
        if os.geteuid() != 0:
            return
        uid, gid = self.ids.mail_uid, self.ids.mail_gid
        for parent in [*reversed(path.relative_to(self.root).parents), path.relative_to(self.root)]:
            if parent != Path("."):
                os.chown(self.root / parent, uid, gid)
        for dirpath, dirnames, filenames in os.walk(path):
            for name in [*dirnames, *filenames]:
                os.chown(os.path.join(dirpath, name), uid, gid)

    # -- configuration ---------------------------------------------------

    def _write_passwd(self) -> None:
        """One passwd-file per user: Dovecot opens a new user's file fresh, so no stale cache."""
        uid, gid = self.ids.mail_uid, self.ids.mail_gid
        (self.root / "users").mkdir(exist_ok=True)
        for user, password in self.users.items():
            line = f"{user}:{{PLAIN}}{password}:{uid}:{gid}::{self.home(user)}::{self.extra.get(user, '')}\n"
            (self.root / "users" / user).write_text(line)

    def _write_config(self) -> None:
        (self.root / "home").mkdir(exist_ok=True)
        self._write_passwd()
        text = _CONFIG_24 if self.version >= (2, 4) else _CONFIG_23
        if self.certificate is not None:
            make_certificate(self.certificate, self.root / "key.pem")
            text = text.replace("ssl = no\n", _TLS_24 if self.version >= (2, 4) else _TLS_23)
        if self.oauth2_url is not None:
            text = self._with_oauth2(text)
        self.config_path.write_text(text.format(
            root=self.root, port=self.port, tls_port=self.tls_port, login_user=self.ids.login_user,
            internal_user=self.ids.internal_user, first_uid=min(self.ids.mail_uid, 500),
        ))


    def _with_oauth2(self, text: str) -> str:
        if self.version >= (2, 4):
            raise RuntimeError("the XOAUTH2 test config is written for Dovecot 2.3 only")
        (self.root / "oauth2.conf.ext").write_text(
            f"introspection_mode = post\nintrospection_url = {self.oauth2_url}/introspect\n"
            "force_introspection = yes\nusername_attribute = username\n"
            "active_attribute = active\nactive_value = true\n")
        text = text.replace("auth_mechanisms = plain login\n", "auth_mechanisms = plain login xoauth2 oauthbearer\n")
        return text + _OAUTH2_23


def make_certificate(cert: Path, key: Path) -> None:
    """A self-signed certificate for 127.0.0.1, made with the openssl CLI (a dovecot-core dependency)."""
    if shutil.which("openssl") is None:
        raise DovecotMissing("openssl not found: install it with `apt-get install -y openssl`")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )


_COMMON = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
imap_id_log = *
ssl = no
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {first_uid}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""

_TLS_23 = "ssl = yes\nssl_cert = <{root}/cert.pem\nssl_key = <{root}/key.pem\n"
_TLS_24 = "ssl = yes\nssl_server_cert_file = {root}/cert.pem\nssl_server_key_file = {root}/key.pem\n"

_CONFIG_23 = _COMMON + """\
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
  }}
}}
"""

_OAUTH2_23 = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/oauth2.conf.ext
}}
"""

# Dovecot 2.4 changed the config syntax; Debian 13 ships it.
_CONFIG_24 = "dovecot_config_version = 2.4.0\ndovecot_storage_version = 2.4.0\n" + _COMMON + """\
auth_allow_cleartext = yes
auth_mechanisms = plain login
mail_driver = maildir
mail_path = ~/Maildir
passdb passwd-file {{
  default_password_scheme = PLAIN
  passwd_file_path = {root}/users/%{{user}}
}}
userdb passwd-file {{
  passwd_file_path = {root}/users/%{{user}}
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
"""
