"""`cancelflow inspect`: the stable JSON contract staff and tests rely on."""

import json
import subprocess
import sys

from tests.builders import ROOT

FIELDS = {"file", "message_id", "provider", "kind", "order_number", "terminal_sn", "merchant_id", "amount_cny",
          "forwarded", "confidence", "error"}


def inspect(*args):
    done = subprocess.run([sys.executable, "-m", "pipeline", "inspect", "--json", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)
    return done, [json.loads(line) for line in done.stdout.splitlines()]


def test_each_file_gives_one_object_with_exactly_the_contract_fields():
    files = sorted((ROOT / "samples" / "inbox").glob("*.eml"))
    done, records = inspect(*files)
    assert done.returncode == 0, done.stderr
    assert [r["file"] for r in records] == [str(f) for f in files]
    assert all(set(r) == FIELDS for r in records)
    first = records[0]
    assert (first["provider"], first["kind"], first["order_number"], first["forwarded"]) == (
        "lakala", "application_received", "LKL20251103123456", True)


def test_an_unreadable_file_gets_an_error_and_the_next_file_is_still_inspected(tmp_path):
    good = ROOT / "samples" / "inbox" / "05-electricity-bill.eml"
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    done, records = inspect(tmp_path / "missing.eml", empty, good)
    assert done.returncode == 1
    assert [bool(r["error"]) for r in records] == [True, True, False]
    assert "cannot read" in records[0]["error"]
    assert records[2]["kind"] == "unrelated"


def test_explain_shows_the_rules_that_fired():
    done = subprocess.run([sys.executable, "-m", "pipeline", "inspect", "--json", "--explain",
                           str(ROOT / "samples/inbox/04-shengpay-cancel-confirmed.eml")],
                          capture_output=True, text=True, cwd=ROOT)
    record = json.loads(done.stdout)
    assert record["kind"] == "cancel_confirmed"
    assert any("cancel_confirmed" in rule for rule in record["explain"]["fired"])


def test_inspect_touches_no_database(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(f'data_dir = "{tmp_path}/data"\nproviders_file = "{ROOT}/config/providers.toml"\n')
    subprocess.run([sys.executable, "-m", "pipeline", "--config", str(config), "inspect", "--json",
                    str(ROOT / "samples/inbox/05-electricity-bill.eml")], capture_output=True, cwd=ROOT, check=True)
    assert not (tmp_path / "data").exists()


def test_a_folder_stands_for_the_eml_files_in_it():
    done, records = inspect(ROOT / "samples" / "inbox")
    assert [r["file"] for r in records] == [str(p) for p in sorted((ROOT / "samples" / "inbox").glob("*.eml"))]
