"""The `cancelflow` command line: the only place that builds settings and prints."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from pipeline import db, queries
from pipeline.clock import Clock
from pipeline.errors import CancelflowError, ConfigError
from pipeline.runtime import Runtime, build_runtime
from pipeline.settings import Settings, load_settings

app = typer.Typer(help="Cancelflow: cancel POS-terminal applications by email, and keep the evidence.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database schema commands.", no_args_is_help=True)
app.add_typer(db_app, name="db")
from pipeline.cli_case import case_app  # noqa: E402  (sub-app of staff case commands)
app.add_typer(case_app, name="case")
err = Console(stderr=True)
# Piped output (make demo, logs) would be cut to 80 columns; tables need room to stay readable.
out = Console(width=None if sys.stdout.isatty() else 160)

ConfigOpt = Annotated[Optional[Path], typer.Option("--config", "-c", help="Config file (default: $CANCELFLOW_CONFIG or config/cancelflow.toml).")]
NowOpt = Annotated[Optional[str], typer.Option("--now", help="Run as if it were this instant (ISO 8601), e.g. 2025-01-10T09:00:00+08:00.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]


class State:
    config: Path | None = None


@app.callback()
def main_options(config: ConfigOpt = None, verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    State.config = config
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def settings() -> Settings:
    return load_settings(State.config)


def runtime(now: str | None = None) -> Runtime:
    clock = Clock.at(now) if now else Clock()
    return build_runtime(settings(), clock)


@app.command()
def run(once: Annotated[bool, typer.Option("--once", help="Run one cycle and exit.")] = False,
        now: NowOpt = None) -> None:
    """Process every mailbox, act on due cases and deliver the outbox."""
    from pipeline import job

    if not once:
        from pipeline.daemon import run_forever

        run_forever(settings())
        return
    stats = job.run_once(runtime(now))
    out.print(stats.summary())
    for error in stats.errors:
        err.print(f"[red]error:[/red] {error}")
    raise typer.Exit(1 if stats.errors else 0)


@app.command()
def inspect(files: Annotated[list[Path], typer.Argument(help=".eml files to classify (a folder: every .eml in it).")],
            as_json: JsonOpt = False,
            explain: Annotated[bool, typer.Option("--explain", help="Show the rules that fired.")] = False) -> None:
    """Classify .eml files without touching the database."""
    from pipeline.analysis import Analyser
    from pipeline.inspection import expand, inspect_file
    from pipeline.registry import load_registry

    s = settings()
    analyser = Analyser(load_registry(s.providers_file), s.classifiers or None)
    failed = False
    for path in expand(files):
        record, analysis = inspect_file(path, analyser)
        failed |= record["error"] is not None
        if explain and analysis is not None:
            record["explain"] = {"fired": analysis.fired, "defects": analysis.defects, "extra": analysis.extra,
                                 "sender": analysis.sender, "subject": analysis.subject}
        if as_json:
            print(json.dumps(record, ensure_ascii=False, default=str), flush=True)
        else:
            _print_record(record)
    raise typer.Exit(1 if failed else 0)


def _print_record(record: dict[str, object]) -> None:
    if record["error"]:
        out.print(f"[red]{record['file']}[/red]: {record['error']}")
        return
    out.print(f"[bold]{record['file']}[/bold]: {record['provider']} / {record['kind']} "
              f"(confidence {record['confidence']})")
    for key in ("order_number", "terminal_sn", "merchant_id", "amount_cny", "forwarded", "message_id"):
        out.print(f"  {key}: {record[key]}")
    if "explain" in record:
        out.print_json(json.dumps(record["explain"], ensure_ascii=False, default=str))


@app.command("cases")
def list_cases(as_json: JsonOpt = False,
               state: Annotated[Optional[str], typer.Option(help="Only cases in this state.")] = None) -> None:
    """List cases."""
    rt = runtime()
    with Session(rt.engine) as session:
        rows = queries.cases(session, state=state)
    if as_json:
        _print_json_lines(rows)
        return
    table = Table("id", "provider", "kind", "order", "SN", "state", "follow-ups", "next action", "updated")
    for r in rows:
        table.add_row(str(r["id"]), r["provider"], r["kind"], r["order_number"] or "", r["terminal_sn"] or "",
                      r["state"], str(r["followup_count"]), _when(r["next_action_at"]), _when(r["updated_at"]))
    out.print(table)


@app.command("messages")
def list_messages(unmatched: Annotated[bool, typer.Option("--unmatched", help="Only messages waiting for review.")] = False,
                  as_json: JsonOpt = False) -> None:
    """List recorded messages."""
    rt = runtime()
    with Session(rt.engine) as session:
        rows = queries.messages(session, unmatched=unmatched)
    if as_json:
        _print_json_lines(rows)
        return
    table = Table("id", "received", "from", "subject", "provider", "kind", "case", "status", "review")
    for r in rows:
        table.add_row(str(r["id"]), str(r["received_at"])[:19], r["from_addr"], r["subject"][:40], r["provider"] or "",
                      r["kind"] or "", str(r["case_id"] or ""), r["parse_status"], r["review_reason"] or "")
    out.print(table)


def _when(value: object) -> str:
    """An ISO timestamp to the minute, UTC, for tables."""
    return str(value or "")[:16].replace("T", " ")


def _print_json_lines(rows: list[dict[str, object]]) -> None:
    for row in rows:
        print(json.dumps(row, ensure_ascii=False, default=str))


@app.command()
def report(out_dir: Annotated[Path, typer.Option("--out", help="Folder for report.html and CSV files.")] = Path("report"),
           now: NowOpt = None) -> None:
    """Write the staff report: unmatched and quarantined mail, cases needing attention, open cases."""
    from pipeline.report import write_report

    rt = runtime(now)
    with Session(rt.engine) as session:
        written = write_report(session, rt, out_dir)
    for path in written:
        out.print(str(path))


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Create or upgrade the database schema."""
    s = settings()
    engine = db.make_engine(s.db_url)
    db.upgrade(engine, revision)
    out.print(f"database at {engine.url.render_as_string(hide_password=True)} is at {revision}")


# Staff commands (review, reprocess, serve) live in their own module; registered here, after `app` exists.
from pipeline.cli_review import register as register_staff_commands, register_case  # noqa: E402

register_staff_commands(app)
register_case(case_app)


def main() -> None:
    """Console-script entry: errors become one clear line and exit code 2, never a traceback."""
    try:
        app()
    except ConfigError as exc:
        err.print(f"[red]configuration error:[/red] {exc}")
        sys.exit(2)
    except CancelflowError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(2)
