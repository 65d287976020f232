#!/usr/bin/env python3
"""APScheduler entry point: `python scheduler.py --once` runs one cycle; without it, polls until stopped."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pipeline.clock import Clock
from pipeline.daemon import run_forever
from pipeline.errors import CancelflowError
from pipeline.job import run_once
from pipeline.runtime import build_runtime
from pipeline.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--once", action="store_true", help="run one cycle and exit")
    parser.add_argument("--config", type=Path, help="config file")
    parser.add_argument("--now", help="run as if it were this ISO 8601 instant")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings(args.config)
        if not args.once:
            run_forever(settings)
            return 0
        stats = run_once(build_runtime(settings, Clock.at(args.now) if args.now else None))
    except CancelflowError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(stats.summary())
    return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
