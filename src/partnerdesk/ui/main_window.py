"""The main window: navigation between areas, File / View / Help menus, status bar."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from partnerdesk import APP_NAME, version
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database
from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.ui.app_icon import app_icon
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.mou.drafting import install_mou_document_actions
from partnerdesk.ui.dialogs.outcomes.mou_indicators import install_mou_indicator_action
from partnerdesk.ui.icons import give_icons
from partnerdesk.ui.recovery import DB_FILE_FILTER
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.views.base import AreaView
from partnerdesk.ui.views.clauses import ClausesView
from partnerdesk.ui.views.contacts import ContactsView
from partnerdesk.ui.views.dashboard import DashboardView
from partnerdesk.ui.views.funding import FundingView
from partnerdesk.ui.views.mous import MousView
from partnerdesk.ui.views.outcomes import OutcomesView
from partnerdesk.ui.views.training import TrainingView
from partnerdesk.ui.widgets.actions import make_action
from partnerdesk.ui.widgets.outcomes_card import add_outcomes_cards
from partnerdesk.ui.widgets.sizing import open_at
from partnerdesk.ui.widgets.training_cards import add_training_cards

SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_STATE = "window/state"
SETTINGS_AREA = "window/area"
SETTINGS_LAST_DB = "database/last_path"


def remember_location(settings: QSettings, location: DatabaseLocation) -> None:
    """Remember the database for next time: a file path, or a URL without its password."""
    if location.path is not None:
        settings.setValue(SETTINGS_LAST_DB, str(location.path))
    else:
        import sqlalchemy as sa

        url = sa.make_url(location.url)
        without_password = sa.URL.create(
            url.drivername, url.username, None, url.host, url.port, url.database, url.query
        )
        settings.setValue(SETTINGS_LAST_DB, without_password.render_as_string())


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, settings: QSettings | None = None) -> None:
        super().__init__()
        self.context = context
        self.settings = settings if settings is not None else QSettings()
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())  # the About box and dialogs take it from here
        open_at(self, 1280, 800)

        self.dashboard = DashboardView(context)
        self.mous = MousView(context)
        self.clauses = ClausesView(context)
        self.funding = FundingView(context)
        self.contacts = ContactsView(context)
        self.outcomes = OutcomesView(context)
        self.training = TrainingView(context)
        self.areas: list[AreaView] = [
            self.dashboard, self.mous, self.clauses, self.funding, self.contacts,
            self.outcomes, self.training,
        ]  # fmt: skip
        self.dashboard.sig_open_mou.connect(self.open_mou)
        self.dashboard.sig_open_funding.connect(self.open_funding)
        self.dashboard.sig_start.connect(self.start_step)
        # Cross-area wiring (e.g. actions one area adds to another) goes here, one line each.
        drafting = install_mou_document_actions(self.mous, context)
        # The MOUs toolbar: what is done every week stays in sight, the rest under More.
        self.mous.group_toolbar(
            [
                [self.mous.new_action, self.mous.open_action, self.mous.amend_action],
                [self.mous.complete_action, self.mous.snooze_action],
                [drafting.compose_action, drafting.generate_action, drafting.check_action],
            ]
        )
        self.contacts.sig_open_mou.connect(self.open_mou)
        install_mou_indicator_action(self.mous, context)
        add_outcomes_cards(self.dashboard, lambda: self.show_area(self.areas.index(self.outcomes)))
        add_training_cards(self.dashboard, self.show_training_attention)
        self.dashboard.grants.sig_open_obligation.connect(self.open_obligation)
        self.dashboard.grants.sig_show_obligations.connect(self.show_obligations)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        # As wide as the longest area name needs (170 px took room the lists need).
        self.nav.setFixedWidth(self.nav.fontMetrics().horizontalAdvance("Dashboard") + 56)
        self.stack = QStackedWidget(self)
        for area in self.areas:
            self.nav.addItem(area.title)
            self.stack.addWidget(area)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.db_label)
        self._build_menus()
        for owner in (self, *self.areas, drafting):
            give_icons(owner)
        self._show_database_location()
        context.sig_database_changed.connect(self._show_database_location)
        self._restore_state()

    # -- menus
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        # No shortcut: a new database is rare, and Ctrl+Shift+N is Funding > New source.
        self.new_db_action = self._window_action("&New database…", self.new_database)
        self.open_db_action = self._window_action(
            "&Open database…", self.open_database_dialog, QKeySequence.StandardKey.Open
        )
        self.quit_action = self._window_action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.backup_action = self._window_action(
            "&Back up now…", self.back_up_now, QKeySequence("Ctrl+Shift+B")
        )
        self.restore_action = self._window_action("&Restore from backup…", self.restore_from_backup)
        self.connect_action = self._window_action(
            "&Connect to server…", self.connect_to_server, QKeySequence("Ctrl+Shift+O")
        )
        file_menu.addActions([self.new_db_action, self.open_db_action, self.connect_action])
        file_menu.addSeparator()
        file_menu.addActions([self.backup_action, self.restore_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        # Ctrl+Z in a text field still undoes typing there (the field takes the key first).
        self.undo_action = self._window_action(
            "&Undo deletion", self.undo_deletion, QKeySequence.StandardKey.Undo
        )
        self.deleted_action = self._window_action("&Deleted records…", self.show_deleted)
        self.find_action = self._window_action(
            "&Filter current list", self.focus_filter, QKeySequence.StandardKey.Find
        )
        edit_menu.addActions([self.undo_action, self.deleted_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.aboutToShow.connect(self._name_undo)
        # Disabled only while the menu shows it: Ctrl+Z must work after the next deletion.
        edit_menu.aboutToHide.connect(lambda: self.undo_action.setEnabled(True))

        view_menu = self.menuBar().addMenu("&View")
        for number, area in enumerate(self.areas, start=1):
            action = self._window_action(
                area.title,
                functools.partial(self.show_area, number - 1),
                QKeySequence(f"Ctrl+{area.shortcut_number or number}"),
            )
            view_menu.addAction(action)
        view_menu.addSeparator()
        self.refresh_action = self._window_action(
            "&Refresh", self.refresh, QKeySequence.StandardKey.Refresh
        )
        view_menu.addAction(self.refresh_action)

        # The current area's own actions (its QWidget.actions()), rebuilt when the area changes.
        self.area_menu = self.menuBar().addMenu("&Records")
        self.area_menu.aboutToShow.connect(self._fill_area_menu)
        self.nav.currentRowChanged.connect(self._name_area_menu)

        help_menu = self.menuBar().addMenu("&Help")
        self.guide_action = self._window_action(
            "&User guide", self.show_guide, QKeySequence.StandardKey.HelpContents
        )
        self.shortcuts_action = self._window_action("&Keyboard shortcuts", self.show_shortcuts)
        self.log_folder_action = self._window_action("Open &log folder", self.open_log_folder)
        self.about_action = self._window_action(f"&About {APP_NAME}", self.show_about)
        help_menu.addActions([self.guide_action, self.shortcuts_action])
        help_menu.addSeparator()
        help_menu.addActions([self.log_folder_action, self.about_action])

    def _window_action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        """A window-wide command (File, Edit, View, Help): it works whatever has the focus."""
        action = make_action(self, text, slot, shortcut, scope=Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        return action

    def _name_area_menu(self, row: int) -> None:
        area = self.areas[row] if 0 <= row < len(self.areas) else None
        self.area_menu.setTitle(f"&{area.title}" if area is not None else "&Records")
        self.area_menu.menuAction().setVisible(bool(area is not None and area.actions()))

    def _fill_area_menu(self) -> None:
        self.area_menu.clear()
        self.area_menu.addActions(self.current_area().actions())

    # -- navigation
    def show_area(self, row: int) -> None:
        self.nav.setCurrentRow(row)

    def current_area(self) -> AreaView:
        return self.areas[self.stack.currentIndex()]

    def open_mou(self, mou_id: int) -> None:
        """Show the MOU in the register, selected, and open it in its editor."""
        self.show_area(self.areas.index(self.mous))
        self.mous.show_mou(mou_id)
        self.mous.open_mou(mou_id)

    def open_funding(self, place: str) -> None:
        self.show_area(self.areas.index(self.funding))
        self.funding.show_place(place)

    def start_step(self, step: str) -> None:
        """A getting-started button: go where the step is done, and start it."""
        if step == "name":
            from partnerdesk.ui.dialogs.program.settings import ProgramSettingsDialog

            self.dashboard.run_dialog(ProgramSettingsDialog(self.context, self))
        elif step == "clauses":
            self.show_area(self.areas.index(self.clauses))
            self.clauses.load_default_library()
        elif step == "contacts":
            self.show_area(self.areas.index(self.contacts))
            self.contacts.import_file()
        elif step == "funding":
            self.show_area(self.areas.index(self.funding))
            self.funding.new_source()
        elif step == "mou":
            self.show_area(self.areas.index(self.mous))
            self.mous.new_mou()

    def show_training_attention(self) -> None:
        self.show_area(self.areas.index(self.training))
        self.training.show_attention()

    def open_obligation(self, obligation_id: int) -> None:
        self.show_area(self.areas.index(self.funding))
        self.funding.grants.open_obligation(obligation_id)

    def show_obligations(self, show: str) -> None:
        self.show_area(self.areas.index(self.funding))
        self.funding.grants.show_obligations(show)

    def focus_filter(self) -> None:
        self.current_area().focus_filter()

    def refresh(self) -> None:
        self.context.reload_everything()

    # -- undoing deletions
    def _name_undo(self) -> None:
        from partnerdesk.ui.dialogs.program.deleted import undo_text

        text, possible = undo_text(self.context)
        self.undo_action.setText(text)
        self.undo_action.setEnabled(possible)

    def undo_deletion(self) -> None:
        from partnerdesk.ui.dialogs.program.deleted import restore_deletion

        restore_deletion(self, self.context)
        self.undo_action.setEnabled(True)  # the shortcut works whatever the menu last said

    def show_deleted(self) -> None:
        from partnerdesk.ui.dialogs.program.deleted import DeletedRecordsDialog

        self.deleted_dialog = DeletedRecordsDialog(self.context, self)
        self.deleted_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.deleted_dialog.open()

    # -- databases
    def _show_database_location(self) -> None:
        where = self.context.database.location.describe()
        self.db_label.setText(f"Database: {where}")
        path = self.context.database.location.path
        self.setWindowTitle(f"{APP_NAME} — {path.name if path is not None else where}")

    def switch_database(
        self, location: DatabaseLocation, *, create: bool, adopt_empty_file: bool = False
    ) -> bool:
        try:
            database = open_database(location, create=create, adopt_empty_file=adopt_empty_file)
        except PartnerDeskError as exc:
            QMessageBox.critical(self, APP_NAME, exc.message)
            return False
        self._adopt(database)
        return True

    def _adopt(self, database: Database) -> None:
        self.context.replace_database(database)
        remember_location(self.settings, database.location)
        self.statusBar().showMessage(f"Opened {database.location.describe()}", 5000)
        self.warn_if_on_network_share()

    def warn_if_on_network_share(self) -> None:
        from partnerdesk.core.program.changes import network_filesystem_warning

        path = self.context.database.location.path
        warning = network_filesystem_warning(path) if path is not None else None
        if warning is not None:
            QMessageBox.warning(self, APP_NAME, warning)

    def connect_to_server(self) -> None:
        """Open a team database on a PostgreSQL server. The password is never stored: it
        comes from ~/.pgpass or PGPASSWORD (libpq's standard places), or is asked for."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        last = str(self.settings.value(SETTINGS_LAST_DB, "") or "")
        url, ok = QInputDialog.getText(
            self,
            "Connect to server",
            "PostgreSQL server, as postgresql+psycopg://USER@HOST[:PORT]/DATABASE\n"
            "(the password is read from ~/.pgpass or PGPASSWORD):",
            QLineEdit.EchoMode.Normal,
            last if "://" in last else "postgresql+psycopg://@localhost/partnerdesk",
        )
        if not ok or not url.strip():
            return
        try:
            location = DatabaseLocation.for_url(url.strip())
        except PartnerDeskError as exc:
            QMessageBox.critical(self, APP_NAME, exc.message)
            return
        self.switch_database(location, create=True)

    def open_database_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open database", "", DB_FILE_FILTER)
        if path:
            self.switch_database(DatabaseLocation.for_path(path), create=False)

    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New database", "partnerdesk.sqlite3", DB_FILE_FILTER
        )
        if not path:
            return
        # An existing empty (0-byte) file may become the new database; nothing else may.
        if Path(path).exists() and not (Path(path).is_file() and Path(path).stat().st_size == 0):
            QMessageBox.warning(
                self,
                APP_NAME,
                f"{path} already exists. Choose File > Open database to open it, or pick a new "
                "name: PartnerDesk never overwrites an existing file.",
            )
            return
        self.switch_database(DatabaseLocation.for_path(path), create=True, adopt_empty_file=True)

    # -- backups
    def back_up_now(self) -> None:
        from partnerdesk.core.platform.backups import backup_now

        database = self.context.database
        if database.location.path is None:
            QMessageBox.information(
                self, APP_NAME, "Back up a team server with its own tools (e.g. pg_dump)."
            )
            return
        suggested = str(
            database.location.path.with_name(
                f"{database.location.path.stem}-backup-{self.context.today():%Y%m%d}.sqlite3"
            )
        )
        path, _ = QFileDialog.getSaveFileName(self, "Back up database", suggested, DB_FILE_FILTER)
        if not path:
            return
        run_task(
            # The file dialog already asked before overwriting an existing file.
            lambda _progress: backup_now(database, Path(path), overwrite=True),
            lambda written: self.statusBar().showMessage(f"Backed up to {written}", 8000),
            lambda exc, _trace: QMessageBox.critical(self, APP_NAME, error_message(exc)),
            parent=self,
            title="Backing up…",
        )

    def start_daily_backup(self) -> None:
        """Once a day, on open, in the background: a rotating automatic backup."""
        from partnerdesk.core.platform import clock
        from partnerdesk.core.platform.backups import daily_backup_if_due

        database, now = self.context.database, clock.now_local()
        run_task(
            lambda _progress: daily_backup_if_due(database, now),
            lambda _written: None,
            lambda exc, _trace: self.statusBar().showMessage(
                f"The daily backup failed: {error_message(exc)}", 15000
            ),
            parent=self,
        )

    def restore_from_backup(self) -> None:
        from partnerdesk.core.platform.backups import restore, verify_backup
        from partnerdesk.core.platform.database_files import backups_folder

        database = self.context.database
        location = database.location
        if location.path is None:
            QMessageBox.information(self, APP_NAME, "Restoring is for local database files.")
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Restore from backup", str(backups_folder(location.path)), DB_FILE_FILTER
        )
        if not path:
            return
        try:
            summary = verify_backup(Path(path))
        except PartnerDeskError as exc:
            QMessageBox.critical(self, APP_NAME, exc.message)
            return
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Replace everything in {location.describe()} with the backup "
            f"{summary.describe()}?\n\n"
            "The current contents are backed up first, so this can be undone by restoring "
            "that copy.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            safety_copy = restore(location, Path(path), current=database)
        except PartnerDeskError as exc:
            QMessageBox.critical(self, APP_NAME, exc.message)
            safety_copy = None
        # The old engine was closed by restore(): open the (restored or untouched) file again.
        if self.switch_database(location, create=False) and safety_copy is not None:
            self.statusBar().showMessage(
                f"Restored {Path(path).name}; the previous contents are in {safety_copy}", 10000
            )

    # -- help
    def show_guide(self) -> None:
        """The user guide, at the page of the area on screen (F1)."""
        from partnerdesk.ui.dialogs.program.help import GuideWindow, page_for_area

        page = page_for_area(self.current_area().title)
        guide = getattr(self, "guide", None)
        if guide is None or not guide.isVisible():
            self.guide = GuideWindow(page, self)
            self.guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.guide.destroyed.connect(lambda: setattr(self, "guide", None))
            self.guide.show()
        else:
            self.guide.open_page(page)
            self.guide.raise_()
            self.guide.activateWindow()

    def shortcut_groups(self) -> list[tuple[str, list[QAction]]]:
        """The window's commands, then each area's: what Help › Keyboard shortcuts lists."""
        menus = [action.menu() for action in self.menuBar().actions()]
        window = [
            action
            for menu in menus
            if isinstance(menu, QMenu) and menu is not self.area_menu
            for action in menu.actions()
        ]
        return [("Everywhere", window), *((area.title, area.actions()) for area in self.areas)]

    def show_shortcuts(self) -> None:
        from partnerdesk.ui.dialogs.program.help import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.shortcut_groups(), self)
        self.shortcuts_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog.show()

    # -- about
    def open_log_folder(self) -> None:
        """The log and crash reports, in the file manager (to attach to a bug report)."""
        from partnerdesk.core.platform.logs import log_folder
        from partnerdesk.ui.crash import open_folder

        folder = log_folder()
        if not open_folder(folder):
            QMessageBox.information(self, APP_NAME, f"The log folder is {folder}")

    def show_about(self) -> None:
        from partnerdesk.core.platform.logs import log_folder

        database = self.context.database
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {version()}</h3>"
            "<p>MOUs, clauses, funding and stakeholders for police and mental-health "
            "crisis-response partnerships.</p>"
            f"<p>Database: {database.location.describe()}<br>"
            f"Schema revision: {database.schema_revision()}<br>"
            f"Log folder: {log_folder()}</p>",
        )

    # -- window state
    def _restore_state(self) -> None:
        geometry = self.settings.value(SETTINGS_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        area = str(self.settings.value(SETTINGS_AREA, 0))
        self.show_area(int(area) if area.isdigit() else 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self.settings.setValue(SETTINGS_AREA, self.nav.currentRow())
        super().closeEvent(event)
