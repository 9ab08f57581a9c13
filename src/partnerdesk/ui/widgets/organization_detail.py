"""What one organization is involved in: its contacts, the MOUs it is party to and the
funding sources it provides, with links to the people and the MOUs."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import RED
from partnerdesk.ui.tasks import error_message


class OrganizationDetail(QTextBrowser):
    """Shows the organization given to ``show_organization``; clicking a link asks for the
    contact or the MOU to be opened."""

    sig_open_mou = Signal(int)
    sig_open_contact = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow_link)
        self.setPlaceholderText(
            "Select an organization to see its contacts, MOUs and funding sources."
        )

    def show_organization(self, organization_id: int | None) -> None:
        from partnerdesk.core.directory.organizations import organization_detail

        if organization_id is None:
            self.clear()
            return
        try:
            with self.context.database.session() as session:
                detail = organization_detail(session, organization_id)
        except Exception as exc:
            self.setPlainText(error_message(exc))
            return
        self.setHtml(organization_html(detail))

    def _follow_link(self, url: QUrl) -> None:
        kind, _, number = url.toString().partition(":")
        if not (number.isascii() and number.isdigit()):
            return
        if kind == "mou":
            self.sig_open_mou.emit(int(number))
        elif kind == "contact":
            self.sig_open_contact.emit(int(number))


def organization_html(detail: Any) -> str:
    org = detail.organization
    esc = html.escape
    facts = [org.kind.label]
    if not org.active:
        facts.append(f"<span style='color:{RED}'>inactive</span>")
    facts += [esc(x) for x in (org.phone, org.website) if x]
    parts = [f"<h3>{esc(org.name)}</h3><p>{' · '.join(facts)}</p>"]
    if org.address:
        parts.append(f"<p>{esc(org.address)}</p>")
    if org.notes:
        parts.append(f"<p><i>{esc(org.notes)}</i></p>")

    def section(title: str, items: list[str], empty: str) -> None:
        parts.append(f"<h4>{title} ({len(items)})</h4>")
        parts.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items
                     else f"<p>{empty}</p>")  # fmt: skip

    section(
        "Contacts",
        [
            f"<a href='contact:{c.id}'>{esc(c.full_name)}</a>"
            + (f" — {esc(c.title)}" if c.title else "")
            + (f" — {esc(c.email)}" if c.email else "")
            + ("" if c.active else " (inactive)")
            for c in detail.contacts
        ],
        "No contacts yet.",
    )
    section(
        "MOUs it is party to",
        [
            f"<a href='mou:{m.mou_id}'>{esc(m.code)} v{m.version}</a> {esc(m.title)} — "
            f"{m.role.label.lower()}, {m.status.label.lower()}"
            + (f", signatory {esc(m.signatory)}" if m.signatory else "")
            for m in detail.mous
        ],
        "Not a party to any MOU.",
    )
    section(
        "Funding sources it provides",
        [
            f"{esc(s.name)} ({s.kind.label.lower()})" + ("" if s.active else " (inactive)")
            for s in detail.funding_sources
        ],
        "Provides no funding source.",
    )
    return "".join(parts)
