"""The daemon runs a cycle at start, keeps polling, and stops cleanly on SIGTERM."""

import signal
import subprocess
import sys

from tests.builders import ROOT, make_install


def test_the_scheduler_runs_a_cycle_and_stops_on_sigterm(tmp_path):
    config = make_install(tmp_path)
    proc = subprocess.Popen([sys.executable, "scheduler.py", "--config", str(config)], cwd=ROOT,
                            stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:  # blocks until the daemon logs; no sleeping
            if "cycle done" in line:
                break
        assert "cases opened 2" in " ".join(line.split())
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
    assert len(list((tmp_path / "data" / "outbox").glob("*.eml"))) == 2
