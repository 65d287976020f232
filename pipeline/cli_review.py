"""Staff commands: `review …`, `reprocess`, `serve`, and `case note/close/reopen/export`.

Each command is a thin edge over pipeline.review / pipeline.evidence / pipeline.webview:
it builds the runtime, runs the action in one transaction and prints what happened.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

from pipeline import review
from pipeline.evidence import ExportError
from pipeline.models import CaseKind
from pipeline.runtime import Runtime

review_app = typer.Typer(help="Act on messages Cancelflow could not place.", no_args_is_help=True)

StaffOpt = Annotated[Optional[str], typer.Option("--staff", help="Who is acting (default: $USER).")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why; kept in the case history.")]


def staff_name(given: str | None) -> str:
    return given or os.environ.get("USER") or getpass.getuser()


def _runtime() -> Runtime:
    from pipeline import cli  # the main app builds settings once; imported late to avoid a cycle

    return cli.runtime()


def _act(fn: Callable[..., review.Done | object]) -> object:
    """Run one action in one transaction and print its outcome; a refusal is one red line, exit 1."""
    from pipeline import cli
    from pipeline.db import session_scope

    rt = _runtime()
    try:
        with session_scope(rt.engine) as session:
            result = fn(session, rt)
    except (review.StaffActionRefused, ExportError) as exc:
        cli.err.print(f"[red]refused:[/red] {exc}")
        raise typer.Exit(1) from None
    for line in getattr(result, "notes", None) or [str(result)]:
        cli.out.print(line)
    return result


@review_app.command("assign")
def assign(message: int, case: int, staff: StaffOpt = None) -> None:
    """Link MESSAGE to CASE and apply what it says."""
    _act(lambda s, rt: review.assign(s, rt, message, case, staff=staff_name(staff)))


@review_app.command("open-case")
def open_case(message: int, staff: StaffOpt = None,
              provider: Annotated[Optional[str], typer.Option(help="Provider slug, if not recognised.")] = None,
              order: Annotated[Optional[str], typer.Option("--order", help="Order number.")] = None,
              sn: Annotated[Optional[str], typer.Option("--sn", help="Terminal SN.")] = None,
              kind: Annotated[CaseKind, typer.Option(help="What the case is for.")] = CaseKind.CANCEL_APPLICATION) -> None:
    """Open a case from MESSAGE, using what was extracted unless given here."""
    _act(lambda s, rt: review.open_case_from(s, rt, message, staff=staff_name(staff), provider=provider,
                                             kind=kind, order_number=order, terminal_sn=sn))


@review_app.command("dismiss")
def dismiss(message: int, reason: ReasonOpt, staff: StaffOpt = None) -> None:
    """Take MESSAGE off the review list."""
    _act(lambda s, rt: review.dismiss(s, rt, message, reason=reason, staff=staff_name(staff)))


def reprocess(message: int, staff: StaffOpt = None) -> None:
    """Run a quarantined or unmatched MESSAGE through the pipeline again (after a config fix)."""
    _act(lambda s, rt: review.reprocess(s, rt, message, staff=staff_name(staff)))


def case_note(case: int, text: Annotated[str, typer.Argument(help="The note.")], staff: StaffOpt = None) -> None:
    """Add a note to CASE's history."""
    _act(lambda s, rt: f"note added to case {review.note(s, rt, case, text, staff=staff_name(staff)).case_id}")


def case_close(case: int, reason: ReasonOpt, staff: StaffOpt = None) -> None:
    """Close CASE."""
    _act(lambda s, rt: f"case {case} is now {review.close(s, rt, case, reason=reason, staff=staff_name(staff)).value}")


def case_reopen(case: int, reason: ReasonOpt, staff: StaffOpt = None) -> None:
    """Reopen CASE (closed, rejected, escalated or in review)."""
    _act(lambda s, rt: f"case {case} is now {review.reopen(s, rt, case, reason=reason, staff=staff_name(staff)).value}")


def case_export(case: int, out: Annotated[Path, typer.Option("--out", help="New or empty folder.")]) -> None:
    """Write CASE's evidence bundle: every .eml, a timeline page and a SHA-256 manifest."""
    from pipeline.evidence import export_case

    _act(lambda s, rt: "\n".join(str(p) for p in export_case(s, rt, case, out)))


def serve(host: Annotated[Optional[str], typer.Option(help="Address to bind (default from config: 127.0.0.1).")] = None,
          port: Annotated[Optional[int], typer.Option(help="Port (default from config).")] = None) -> None:
    """Serve the report on a local web page, with staff actions behind the configured password."""
    from pipeline import cli
    from pipeline.webview import make_server

    rt = _runtime()
    server = make_server(rt, host or rt.settings.serve.host, rt.settings.serve.port if port is None else port)
    cli.out.print(f"serving on http://{server.server_address[0]}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def register(app: typer.Typer) -> None:
    """Attach `review`, `reprocess` and `serve` to the main app."""
    app.add_typer(review_app, name="review")
    app.command("reprocess")(reprocess)
    app.command("serve")(serve)


def register_case(case_app: typer.Typer) -> None:
    """Attach the staff case commands to the workflow's `case` app."""
    case_app.command("note")(case_note)
    case_app.command("close")(case_close)
    case_app.command("reopen")(case_reopen)
    case_app.command("export")(case_export)
