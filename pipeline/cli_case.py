"""`cancelflow case ...`: staff commands on single cases. Other modules add commands to `case_app`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console

from pipeline import cases, workflow
from pipeline.db import session_scope
from pipeline.models import CaseKind

case_app = typer.Typer(help="Work on single cases.", no_args_is_help=True)
out = Console()


@case_app.command("open")
def open_cmd(
    merchant: Annotated[str, typer.Option(help="Merchant id from the config.")],
    provider: Annotated[str, typer.Option(help="Provider slug from the registry.")],
    kind: Annotated[CaseKind, typer.Option(help="What the merchant wants done.")],
    order: Annotated[Optional[str], typer.Option(help="Order / application number.")] = None,
    sn: Annotated[Optional[str], typer.Option(help="Terminal serial number.")] = None,
    merchant_id: Annotated[Optional[str], typer.Option("--mid", help="The provider's merchant number.")] = None,
    now: Annotated[Optional[str], typer.Option(help="Run as if it were this instant (ISO 8601).")] = None,
) -> None:
    """Open a case by hand and queue its request (an existing case for the same keys is reused)."""
    from pipeline.cli import runtime  # the CLI root builds settings; imported late to avoid a cycle

    if not (order or sn):
        raise typer.BadParameter("give --order or --sn")
    rt = runtime(now)
    rt.settings.merchant(merchant)
    rt.registry.get(provider)
    with session_scope(rt.engine) as session:
        case, created = cases.open_case(session, merchant_id=merchant, provider=provider, kind=kind,
                                        order_number=order, terminal_sn=sn, now=rt.clock.now(),
                                        opened_by="staff", cause="staff", provider_merchant_id=merchant_id,
                                        urgent=kind is CaseKind.CANCEL_APPLICATION)
        queued = case.state == "new" and workflow.send_request(session, rt, case, actor="staff")
        out.print(f"case {case.id} {'opened' if created else 'exists'}; state {case.state}"
                  f"{'; request queued' if queued else ''}{'; attention: ' + case.attention if case.attention else ''}")

