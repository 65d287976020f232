"""`cancelflow inspect`: what Cancelflow sees in a file, with no database involved."""

from __future__ import annotations

from pathlib import Path

from pipeline.analysis import Analyser
from pipeline.errors import ParseError
from pipeline.findings import Analysis, error_record


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the .eml files directly in it, in name order."""
    out: list[Path] = []
    for path in paths:
        out.extend(sorted(path.glob("*.eml")) if path.is_dir() else [path])
    return out


def inspect_file(path: Path, analyser: Analyser) -> tuple[dict[str, object], Analysis | None]:
    """The stable inspect record for `path`; a file that cannot be read or parsed gets `error` set."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return error_record(str(path), f"cannot read file: {exc.strerror or exc}"), None
    try:
        analysis = analyser.analyse(raw)
    except ParseError as exc:
        return error_record(str(path), f"cannot parse message: {exc}"), None
    except Exception as exc:  # inspect must go on with the next file whatever one file does
        return error_record(str(path), f"internal error while analysing: {type(exc).__name__}: {exc}"), None
    return analysis.inspect_record(str(path)), analysis
