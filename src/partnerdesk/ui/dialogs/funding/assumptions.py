"""The committee's assumptions: the target mix and warning thresholds, the default rates
of the built-in projection scenarios, and scenarios of its own saved by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.funding import diversification as dv
from partnerdesk.core.funding.assumptions import (
    DEFAULT_YEARS,
    MAX_YEARS,
    RULES,
    Assumptions,
    SourceOverride,
)
from partnerdesk.core.funding.scenarios import (
    ScenarioRow,
    default_assumptions,
    delete_scenario,
    list_scenarios,
    save_default_rates,
    save_scenario,
)
from partnerdesk.core.funding.sources import source_choices
from partnerdesk.core.funding.totals import budget_alert_pct, save_budget_alert_pct
from partnerdesk.core.models import FundingSourceKind, ProjectionScenario
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.funding.fields import percent_text, read_percent
from partnerdesk.ui.widgets.dates import OptionalDateEdit
from partnerdesk.ui.widgets.field_errors import ErrorLabel
from partnerdesk.ui.widgets.form import FormDialog
from partnerdesk.ui.widgets.text_caps import cap_to_field

NEW_SCENARIO = "(no saved scenario: leave the name empty, or type one to save)"


def _override_text(name: str, override: SourceOverride) -> str:
    parts = []
    if override.annual_growth_pct is not None:
        parts.append(f"growth {override.annual_growth_pct} %")
    if override.renewal_probability_pct is not None:
        parts.append(f"renewal {override.renewal_probability_pct} %")
    if override.grant_end is not None:
        parts.append(f"ends {override.grant_end.isoformat()}")
    return f"{name}: {', '.join(parts)}"


class AssumptionsEditor(FormDialog):
    """Three tabs: targets and warnings, projection defaults, saved scenarios."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        scenario: str | None = None,
    ) -> None:
        super().__init__(context, "Funding assumptions and targets", parent)
        with context.database.session() as session:
            policy = dv.load_policy(session)
            alert_pct = budget_alert_pct(session)
            rates = default_assumptions(session)
            self.scenarios = [s for s in list_scenarios(session) if not s.built_in]
            self.source_names = [name for _id, name in source_choices(session)]
        self.overrides: dict[str, SourceOverride] = {}
        self.tabs = QTabWidget(self)
        self.main_layout.insertWidget(0, self.tabs)
        self.setMinimumWidth(620)

        # -- targets and warnings
        targets = QWidget()
        form = QFormLayout(targets)
        self.target_edits: dict[FundingSourceKind, QLineEdit] = {}
        for kind in FundingSourceKind:
            edit = QLineEdit(percent_text(policy.target_mix.get(kind)), targets)
            edit.setPlaceholderText("0")
            edit.textChanged.connect(lambda _t: self._update_target_sum())
            self.target_edits[kind] = edit
            form.addRow(f"{kind.label} %", edit)
        self.target_sum = QLabel(targets)
        self.add_row("Target total", "target_mix", self.target_sum, form)
        self.single_edit = QLineEdit(percent_text(policy.single_source_limit_pct), targets)
        self.add_row(
            "Warn when one &source exceeds %", "single_source_limit_pct", self.single_edit, form
        )
        self.grant_edit = QLineEdit(percent_text(policy.grant_share_limit_pct), targets)
        self.add_row("Warn when &grants exceed %", "grant_share_limit_pct", self.grant_edit, form)
        self.alert_edit = QLineEdit(percent_text(alert_pct), targets)
        self.alert_edit.setToolTip(
            "Budget vs actual shows a source in red when it has received less than its "
            "budget due so far by more than this share of it"
        )
        self.add_row("Flag a source &behind its budget by over %", "budget_alert_pct",
                     self.alert_edit, form)  # fmt: skip
        self.tabs.addTab(targets, "Targets and warnings")
        self._update_target_sum()

        # -- default rates
        defaults = QWidget()
        form = QFormLayout(defaults)
        self.inflation_edit = QLineEdit(percent_text(rates.cost_inflation_pct), defaults)
        self.add_row("Cost &inflation % a year", "cost_inflation_pct", self.inflation_edit, form)
        self.cliff_edit = QLineEdit(percent_text(rates.cliff_drop_pct), defaults)
        self.add_row("&Cliff: revenue drop above %", "cliff_drop_pct", self.cliff_edit, form)
        explain = QLabel(
            "Used by the built-in scenarios (as scheduled, expected, all renewed). "
            "A source's own growth, grant end and renewal probability are set in its editor."
        )
        explain.setWordWrap(True)
        form.addRow(explain)
        self.tabs.addTab(defaults, "Projection defaults")

        # -- saved scenarios
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        self.scenario_combo = QComboBox(page)
        self.scenario_combo.addItem(NEW_SCENARIO, None)
        for saved in self.scenarios:
            self.scenario_combo.addItem(saved.name, saved.id)
        form.addRow("Saved &scenarios", self.scenario_combo)
        self.name_edit = QLineEdit(page)
        self.name_edit.setPlaceholderText("e.g. City budget freeze")
        cap_to_field(self.name_edit, ProjectionScenario, "name")
        self.add_row("&Name", "scenario_name", self.name_edit, form)
        self.rule_combo = QComboBox(page)
        for rule, text in RULES.items():
            self.rule_combo.addItem(f"{rule.replace('_', ' ')}: {text}", rule)
        self.rule_combo.setCurrentIndex(self.rule_combo.findData("expected"))
        self.add_row("&Rule", "scenario_rule", self.rule_combo, form)
        self.years_spin = QSpinBox(page)
        self.years_spin.setRange(1, MAX_YEARS)
        self.years_spin.setValue(DEFAULT_YEARS)
        self.add_row("&Years", "scenario_years", self.years_spin, form)
        self.basis_combo = QComboBox(page)
        self.basis_combo.addItem("Received revenue of the base year", "actual")
        self.basis_combo.addItem("Budgeted revenue of the base year", "budget")
        self.add_row("&Base amounts", "scenario_basis", self.basis_combo, form)
        self.scenario_inflation = QLineEdit(percent_text(rates.cost_inflation_pct), page)
        self.add_row(
            "Cost inflation %", "scenario_cost_inflation_pct", self.scenario_inflation, form
        )
        self.scenario_cliff = QLineEdit(percent_text(rates.cliff_drop_pct), page)
        self.add_row("Cliff drop %", "scenario_cliff_drop_pct", self.scenario_cliff, form)

        box = QFormLayout()
        outer.addWidget(QLabel("<b>Changes to single sources in this scenario</b>"))
        outer.addLayout(box)
        self.override_source = QComboBox(page)
        self.override_source.addItems(self.source_names)
        box.addRow("Source", self.override_source)
        self.override_growth = QLineEdit(page)
        self.override_growth.setPlaceholderText("keep the source's own growth")
        box.addRow("Growth %", self.override_growth)
        self.override_renewal = QLineEdit(page)
        self.override_renewal.setPlaceholderText("keep the source's own renewal probability")
        box.addRow("Renewal %", self.override_renewal)
        self.override_end = OptionalDateEdit("Ends on", default=context.today(), parent=page)
        box.addRow("Grant end", self.override_end)
        buttons = QHBoxLayout()
        self.add_override_button = QPushButton("Set for this source", page)
        self.add_override_button.clicked.connect(self.set_override)
        self.remove_override_button = QPushButton("Remove selected", page)
        self.remove_override_button.clicked.connect(self.remove_override)
        buttons.addWidget(self.add_override_button)
        buttons.addWidget(self.remove_override_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.override_error = ErrorLabel(page)
        outer.addWidget(self.override_error)
        self.override_list = QListWidget(page)
        self.override_list.setMaximumHeight(100)
        outer.addWidget(self.override_list)
        self.delete_button = QPushButton("Delete this saved scenario", page)
        self.delete_button.clicked.connect(self.delete_scenario)
        outer.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(page, "Scenarios")
        self.scenario_combo.currentIndexChanged.connect(lambda _i: self._load_scenario())
        # The fields show the chosen source's own changes: what was typed for the previous
        # source must not be set on this one.
        self.override_source.currentIndexChanged.connect(lambda _i: self._show_source_override())
        self._delete_requested: int | None = None
        if scenario is not None:
            index = self.scenario_combo.findText(scenario, Qt.MatchFlag.MatchFixedString)
            if index > 0:
                self.scenario_combo.setCurrentIndex(index)
                self.tabs.setCurrentIndex(2)
        self._load_scenario()

    def show_error(self, field: str | None, message: str) -> None:
        super().show_error(field, message)
        for index, prefix in ((0, ("target", "single", "grant", "budget")), (1, ("cost", "cliff"))):
            if field and field.startswith(prefix):
                self.tabs.setCurrentIndex(index)
        if field and field.startswith("scenario"):
            self.tabs.setCurrentIndex(2)

    # -- targets
    def _target_values(self) -> dict[FundingSourceKind, Decimal]:
        values: dict[FundingSourceKind, Decimal] = {}
        for kind, edit in self.target_edits.items():
            value = read_percent(edit, "target_mix", default=Decimal(0))
            if value:
                values[kind] = value
        return values

    def _update_target_sum(self) -> None:
        try:
            total = sum(self._target_values().values(), Decimal(0))
        except ValidationError:
            self.target_sum.setText("—")
            return
        self.target_sum.setText(f"{total} %" + ("" if total == 100 else "  (must be 100 %)"))

    # -- scenarios
    def _current_saved(self) -> ScenarioRow | None:
        scenario_id = self.scenario_combo.currentData()
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def _load_scenario(self) -> None:
        saved = self._current_saved()
        self.delete_button.setEnabled(saved is not None)
        if saved is None:
            self.name_edit.clear()
            self.overrides = {}
        else:
            a = saved.assumptions
            self.name_edit.setText(saved.name)
            self.rule_combo.setCurrentIndex(self.rule_combo.findData(a.rule))
            self.years_spin.setValue(a.years)
            self.basis_combo.setCurrentIndex(self.basis_combo.findData(a.basis))
            self.scenario_inflation.setText(percent_text(a.cost_inflation_pct))
            self.scenario_cliff.setText(percent_text(a.cliff_drop_pct))
            self.overrides = dict(a.overrides)
        self._show_overrides()

    def _show_overrides(self) -> None:
        self.override_list.clear()
        for name, override in sorted(self.overrides.items()):
            item = QListWidgetItem(_override_text(name, override), self.override_list)
            item.setData(Qt.ItemDataRole.UserRole, name)
        self._show_source_override()

    def _show_source_override(self) -> None:
        """The chosen source's changes in this scenario, or empty fields when it has none."""
        override = self.overrides.get(self.override_source.currentText(), SourceOverride())
        self.override_error.clear_error()
        self.override_growth.setText(percent_text(override.annual_growth_pct))
        renewal = override.renewal_probability_pct
        self.override_renewal.setText("" if renewal is None else str(renewal))
        self.override_end.set_value(override.grant_end)

    def set_override(self) -> None:
        self.override_error.clear_error()
        name = self.override_source.currentText()
        if not name:
            return
        try:
            growth = (
                read_percent(self.override_growth, "override")
                if self.override_growth.text().strip()
                else None
            )
            renewal_text = self.override_renewal.text().strip().rstrip("%").strip()
            if renewal_text and not (
                renewal_text.isascii() and renewal_text.isdigit() and len(renewal_text) <= 3
            ):
                raise ValidationError("the renewal probability is a whole percent, 0 to 100")
            renewal = int(renewal_text) if renewal_text else None
            if renewal is not None and renewal > 100:
                raise ValidationError("the renewal probability is a whole percent, 0 to 100")
        except ValidationError as exc:
            self.override_error.show_error(exc.message)
            return
        end: date | None = self.override_end.value()
        if growth is None and renewal is None and end is None:
            self.override_error.show_error("Give a growth, a renewal probability or an end date.")
            return
        self.overrides[name] = SourceOverride(growth, renewal, end)
        self._show_overrides()

    def remove_override(self) -> None:
        for item in self.override_list.selectedItems():
            self.overrides.pop(str(item.data(Qt.ItemDataRole.UserRole)), None)
        self._show_overrides()

    def delete_scenario(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        saved = self._current_saved()
        if saved is None or saved.id is None:
            return
        answer = QMessageBox.question(
            self, "PartnerDesk", f'Delete the saved scenario "{saved.name}"?'
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._delete_requested = saved.id
        self.name_edit.clear()
        self.save()

    # -- saving
    def work(self) -> Callable[[Session], Any]:
        policy = dv.MixPolicy(
            self._target_values(),
            read_percent(self.single_edit, "single_source_limit_pct"),
            read_percent(self.grant_edit, "grant_share_limit_pct"),
        )
        try:
            dv.validate_policy(policy)
        except ValidationError as exc:
            raise ValidationError(exc.message, field=exc.field) from None
        alert = read_percent(self.alert_edit, "budget_alert_pct")
        inflation = read_percent(self.inflation_edit, "cost_inflation_pct")
        cliff = read_percent(self.cliff_edit, "cliff_drop_pct")
        saved = self._current_saved()
        name = self.name_edit.text().strip()
        scenario: Assumptions | None = None
        if name:
            scenario = Assumptions(
                rule=self.rule_combo.currentData(),
                years=self.years_spin.value(),
                basis=self.basis_combo.currentData(),
                cost_inflation_pct=read_percent(
                    self.scenario_inflation, "scenario_cost_inflation_pct"
                ),
                cliff_drop_pct=read_percent(self.scenario_cliff, "scenario_cliff_drop_pct"),
                overrides=dict(self.overrides),
            )
            if saved is not None:
                scenario = replace(scenario, base_year=saved.assumptions.base_year)
        delete_id = self._delete_requested
        self._delete_requested = None

        def job(session: Session) -> str | None:
            dv.save_policy(session, policy)
            save_budget_alert_pct(session, alert)
            try:
                save_default_rates(session, inflation, cliff)
            except ValidationError as exc:
                raise ValidationError(exc.message, field=exc.field) from None
            if delete_id is not None:
                delete_scenario(session, delete_id)
                return None
            if scenario is None:
                return None
            try:
                save_scenario(
                    session,
                    name,
                    scenario,
                    scenario_id=saved.id if saved is not None else None,
                    seen_version=saved.row_version if saved is not None else None,
                )
            except ValidationError as exc:
                field = f"scenario_{exc.field}" if exc.field else "scenario_name"
                raise ValidationError(exc.message, field=field) from None
            return name

        return job
