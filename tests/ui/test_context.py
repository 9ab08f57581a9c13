"""The context tells the lists what changed: our own saves by the kinds their transaction
named, saves by others (another PartnerDesk on the same database) by polling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from partnerdesk.core.models import Organization, OrganizationKind
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import DatabaseLocation, open_database
from partnerdesk.core.platform.schema import AuditAction, ChangeKind
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.main_window import MainWindow


def test_a_list_reloads_when_another_program_saves(window: MainWindow, qtbot: Any) -> None:
    window.show_area(4)
    window.contacts.tabs.setCurrentIndex(1)
    organizations = window.contacts.organizations
    before = organizations.model.total_rows
    window.context.start_watching()
    other = open_database(window.context.database.location, create=False)  # a colleague
    try:
        with other.transaction() as session:
            org = Organization(
                name="Harbor Mobile Outreach",
                name_key="harbor mobile outreach",
                kind=OrganizationKind.COMMUNITY_ORGANIZATION,
            )
            session.add(org)
            session.flush()
            audit.record(
                session, ChangeKind.ORGANIZATION, org.id, AuditAction.CREATE, summary=org.name
            )
    finally:
        other.close()
    assert window.context.check_for_outside_changes()
    assert organizations.model.total_rows == before + 1


def test_no_reload_when_nothing_changed(demo_context: AppContext) -> None:
    demo_context.start_watching()
    assert not demo_context.check_for_outside_changes()


def test_our_own_saves_are_not_taken_for_outside_changes(demo_context: AppContext) -> None:
    """Otherwise every save reloaded every list twice (once now, once at the next poll)."""
    demo_context.start_watching()
    with demo_context.database.transaction() as session:
        audit.record(
            session, ChangeKind.ORGANIZATION, 1, AuditAction.UPDATE, summary="our own edit"
        )
    assert not demo_context.check_for_outside_changes()


def _rename_organization(context: AppContext, name: str) -> None:
    with context.database.transaction() as session:
        audit.record(session, ChangeKind.ORGANIZATION, 1, AuditAction.UPDATE, summary=name)


def test_a_save_announces_the_kinds_its_transaction_changed(demo_context: AppContext) -> None:
    heard: list[frozenset[ChangeKind]] = []
    demo_context.sig_data_changed.connect(heard.append)
    _rename_organization(demo_context, "our own edit")
    with demo_context.database.transaction():  # nothing changed: nothing to announce
        pass
    assert heard == [frozenset({ChangeKind.ORGANIZATION})]


def test_a_save_on_a_pool_thread_is_announced_on_the_gui_thread(
    demo_context: AppContext, qtbot: Any
) -> None:
    import threading

    from partnerdesk.ui import tasks

    tasks.set_synchronous(False)  # a real pool thread, as in the app
    heard_on: list[threading.Thread] = []
    demo_context.sig_data_changed.connect(
        lambda _kinds: heard_on.append(threading.current_thread())
    )
    with qtbot.waitSignal(demo_context.sig_data_changed, timeout=10_000) as announced:
        tasks.run_task(
            lambda _progress: _rename_organization(demo_context, "saved in the background"),
            lambda _result: None,
            lambda exc, trace: pytest.fail(trace),
        )
    tasks.wait_for_tasks()
    assert announced.args == [frozenset({ChangeKind.ORGANIZATION})]
    assert heard_on == [threading.main_thread()]


def test_after_opening_another_database_its_saves_are_announced(
    demo_context: AppContext, tmp_path: Path
) -> None:
    first = demo_context.database
    heard: list[frozenset[ChangeKind]] = []
    demo_context.sig_data_changed.connect(heard.append)
    demo_context.replace_database(open_database(DatabaseLocation.for_path(tmp_path / "b.db")))
    assert demo_context.database is not first
    _rename_organization(demo_context, "in the new database")
    assert heard == [frozenset({ChangeKind.ORGANIZATION})]
