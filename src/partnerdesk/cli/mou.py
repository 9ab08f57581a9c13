"""`partnerdesk mou ...`: the register (list, show) and drafting (check, generate)."""

from __future__ import annotations

import click

from partnerdesk.cli.common import LazyGroup

MOU_COMMANDS = {
    "list": "partnerdesk.cli.mou_register:list_command",
    "show": "partnerdesk.cli.mou_register:show_command",
    "check": "partnerdesk.cli.mou_documents:check_command",
    "generate": "partnerdesk.cli.mou_documents:generate_command",
    "template": "partnerdesk.cli.mou_documents:template_command",
}


@click.group("mou", cls=LazyGroup, lazy_commands=MOU_COMMANDS)
def mou_group() -> None:
    """The MOU register: list, show, check completeness, generate drafts."""
