"""Builders for test installations: a config file in a temp folder, pointing at real project data."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "inbox"

BASE = """
data_dir = "data"
providers_file = "{root}/config/providers.toml"
templates_dir = "{root}/templates/emails"
{database}

[outbound]
transport = "file"
from_address = "cancel@pos-assist.test"
message_id_domain = "pos-assist.test"

[trust]
authserv_ids = ["mx.pos-assist.test"]

[[merchant]]
id = "m1"
name = "张记小吃店"
contact_name = "张伟"
contact_phone = "13800000000"
email = "zhangwei@qq.example"
auto_request = {auto_request}

[[mailbox]]
name = "inbox"
kind = "local"
merchant = "m1"
path = "inbox"
"""


def make_install(tmp: Path, *, messages: list[Path] | None = None, database_url: str = "",
                 auto_request: bool = True) -> Path:
    """A config file in `tmp` with a local inbox holding copies of `messages` (default: the samples)."""
    inbox = tmp / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    for path in messages if messages is not None else sorted(SAMPLES.glob("*.eml")):
        shutil.copy(path, inbox / path.name)
    config = tmp / "cancelflow.toml"
    database = f'database_url = "{database_url}"' if database_url else ""
    config.write_text(BASE.format(root=ROOT, database=database, auto_request=str(auto_request).lower()),
                      encoding="utf-8")
    return config
