"""Compiling a validated case into dense arrays the evaluator works on.

Compilation resolves every name (participant, category, driver, key) to an index, expands year
maps to yearly schedules and flattens each scenario's lines into :class:`CompiledLine` records.
It runs once per case; the evaluator can then run many variants (the batch axis) cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..model import (
    MEMBERS,
    SHARE,
    AllocationKey,
    Case,
    Investment,
    KeyKind,
    LevelKind,
    Scenario,
    StaffChange,
)
from ..model.participants import DEFAULT_DEPRECIATION_TERM_YEARS, Participant
from ..model.scenario import LINE_LISTS, AssetRetirement, BorneLine, Line, Transfer
from .capital import CapitalSchedule, capital_charge_schedule, charge_matrices
from .results import Component, FloatArray
from .timeline import exact_values, go_live_month, held_values, index_factors, step_values

KEY_DRIVERS = {
    KeyKind.INHABITANTS: "inhabitants",
    KeyKind.WORKPLACES: "workplaces",
    KeyKind.ACCOUNTS: "accounts",
    KeyKind.EMPLOYEES: "employees",
}

BEARER_MEMBERS = -1
"""Bearer index meaning 'every member'."""


@dataclass(frozen=True)
class KeySpec:
    """An allocation key resolved to indices: ``kind`` with a driver index or fixed weights."""

    kind: KeyKind
    driver: int = -1
    fixed: tuple[float, ...] = ()


@dataclass
class CompiledLine:
    """One scenario line in array form.

    ``kind`` is ``transfer``, ``level_pct``, ``amount``, ``investment`` or ``markup``.
    ``values`` is the schedule per year before delay, phase, index and basis.
    """

    id: str
    line_type: str
    description: str | None
    kind: str
    component: Component
    category: int
    values: FloatArray
    bearer: int = BEARER_MEMBERS
    basis: str = "fixed"
    driver: int = -1
    alloc_key: int | None = None
    charge_key: int = 0
    indexed: bool = True
    phased: bool = False
    delayable: bool = False
    sign: float = 1.0
    entity_factor: FloatArray | None = None
    participant_mask: FloatArray | None = None
    category_mask: FloatArray | None = None
    charge_matrix: FloatArray | None = None
    book_matrix: FloatArray | None = None
    refs: tuple[int, ...] = ()
    residual_change: float = 0.0
    retire_month: float = 0.0


@dataclass
class CompiledScenario:
    """A resolved scenario in array form."""

    id: str
    name: str
    is_baseline: bool
    members: FloatArray
    delay_months: float
    phases: list[tuple[float, float]]
    index: FloatArray
    keys: list[KeySpec]
    transfer_key: int
    lines: list[CompiledLine]
    source: Scenario


@dataclass
class CompiledCase:
    """A case in array form: labels, baseline arrays and compiled scenarios."""

    case: Case
    years: list[int]
    categories: list[str]
    participants: list[str]
    drivers: FloatArray
    driver_names: list[str]
    visible: FloatArray
    hidden: FloatArray
    existing_charges: FloatArray
    existing_residual: FloatArray
    scenarios: list[CompiledScenario] = field(default_factory=list)
    baseline_index: int = 0

    @property
    def n_entities(self) -> int:
        """Participants plus the share."""
        return len(self.participants) + 1

    @property
    def share(self) -> int:
        """Entity index of the share."""
        return len(self.participants)


def compile_case(case: Case) -> CompiledCase:
    """Compile a validated case (see docs/calculation.md for the rules)."""
    years = case.cooperation.years
    categories = [c.id for c in case.categories]
    participants = [p.id for p in case.participants]
    driver_names = sorted({name for p in case.participants for name in p.drivers})
    cat_index = {c: i for i, c in enumerate(categories)}
    drivers = np.zeros((len(driver_names), len(participants), len(years)))
    for p, participant in enumerate(case.participants):
        for d, name in enumerate(driver_names):
            if name in participant.drivers:
                drivers[d, p] = held_values(participant.drivers[name], years[0], len(years))
    visible, hidden = _baseline_amounts(case, cat_index)
    charges, residual = _existing_assets(case, cat_index)
    compiled = CompiledCase(
        case=case,
        years=years,
        categories=categories,
        participants=participants,
        drivers=drivers,
        driver_names=driver_names,
        visible=visible,
        hidden=hidden,
        existing_charges=charges,
        existing_residual=residual,
    )
    baseline = case.resolved(case.baseline_scenario.id)
    for scenario in case.scenarios:
        compiled.scenarios.append(_compile_scenario(compiled, case.resolved(scenario.id), baseline))
        if scenario.id == case.baseline_scenario.id:
            compiled.baseline_index = len(compiled.scenarios) - 1
    return compiled


def _baseline_amounts(case: Case, cat_index: dict[str, int]) -> tuple[FloatArray, FloatArray]:
    shape = (len(case.participants), len(cat_index))
    visible, hidden = np.zeros(shape), np.zeros(shape)
    for p, participant in enumerate(case.participants):
        for cost in participant.baseline.costs:
            visible[p, cat_index[cost.category]] += cost.visible_eur
            hidden[p, cat_index[cost.category]] += cost.hidden_eur
        for staff in participant.baseline.staffing:
            visible[p, cat_index[staff.category]] += staff.fte * staff.cost_per_fte_eur
    return visible, hidden


def _existing_assets(case: Case, cat_index: dict[str, int]) -> tuple[FloatArray, FloatArray]:
    years = case.cooperation.years
    charges = np.zeros((len(case.participants), len(cat_index), len(years)))
    residual = np.zeros(len(case.participants))
    for p, participant in enumerate(case.participants):
        for asset in participant.baseline.assets:
            schedule = _asset_schedule(participant, asset.id, years)
            charges[p, cat_index[asset.category]] += schedule.capital_charge
            residual[p] += schedule.book_value_dec_31[-1]
    return charges, residual


def _asset_schedule(participant: Participant, asset_id: str, years: list[int]) -> CapitalSchedule:
    asset = next(a for a in participant.baseline.assets if a.id == asset_id)
    term = asset.term_years or participant.depreciation_terms.get(
        asset.category, DEFAULT_DEPRECIATION_TERM_YEARS
    )
    return capital_charge_schedule(
        asset.amount_eur,
        asset.purchase_year,
        term,
        participant.interest_rate,
        asset.method.value,
        years=years,
    )


class _ScenarioCompiler:
    """Compiles the lines of one resolved scenario."""

    def __init__(self, cc: CompiledCase, scenario: Scenario, baseline: Scenario) -> None:
        self.cc = cc
        self.case = cc.case
        self.scenario = scenario
        self.first = cc.years[0]
        self.n_years = len(cc.years)
        self.cat_index = {c: i for i, c in enumerate(cc.categories)}
        self.part_index = {p: i for i, p in enumerate(cc.participants)}
        self.driver_index = {d: i for i, d in enumerate(cc.driver_names)}
        self.keys: list[KeySpec] = []
        charging = scenario.charging or self.case.charging
        self.default_key = self.key(charging.default_key)
        self.transfer_key = self.key(charging.transfer_key)
        self.baseline_lines = {
            (name, line.id): line for name in LINE_LISTS for line in getattr(baseline, name)
        }
        self.is_baseline = scenario.id == baseline.id

    def key(self, key: AllocationKey | None) -> int:
        """Index of a key spec in this scenario's key list (the default key when None)."""
        if key is None:
            return self.default_key
        if key.kind in KEY_DRIVERS or key.kind is KeyKind.DRIVER:
            name = key.driver if key.kind is KeyKind.DRIVER else KEY_DRIVERS[key.kind]
            spec = KeySpec(KeyKind.DRIVER, self.driver_index.get(name or "", -1))
        elif key.kind is KeyKind.FIXED:
            pct = key.percentages or {}
            spec = KeySpec(
                KeyKind.FIXED, fixed=tuple(pct.get(p, 0.0) for p in self.cc.participants)
            )
        else:
            spec = KeySpec(key.kind)
        if spec not in self.keys:
            self.keys.append(spec)
        return self.keys.index(spec)

    def delayable(self, list_name: str, line: Line | AssetRetirement) -> bool:
        """Whether a delay moves the line: it is not inherited unchanged from the baseline."""
        return not self.is_baseline and self.baseline_lines.get((list_name, line.id)) != line

    def bearer(self, bearer: str) -> int:
        if bearer == SHARE:
            return self.cc.share
        if bearer == MEMBERS:
            return BEARER_MEMBERS
        return self.part_index[bearer]

    def structural(self, line: BorneLine) -> FloatArray:
        return step_values(line.values, self.first, self.n_years, getattr(line, "until_year", None))

    def borne(
        self, list_name: str, line: BorneLine, kind: str, component: Component, values: FloatArray
    ) -> CompiledLine:
        return CompiledLine(
            id=line.id,
            line_type=list_name,
            description=line.description,
            kind=kind,
            component=component,
            category=self.cat_index[line.category],
            values=values,
            bearer=self.bearer(line.bearer),
            basis=line.basis.kind.value,
            driver=self.driver_index.get(line.basis.driver or "", -1),
            alloc_key=self.key(line.allocation_key) if line.allocation_key else None,
            charge_key=self.key(line.charge_key),
            indexed=line.indexed,
            phased=line.phased,
            delayable=self.delayable(list_name, line),
        )

    def compile_lines(self) -> list[CompiledLine]:
        s = self.scenario
        lines: list[CompiledLine] = [self.transfer(t) for t in s.transfers]
        for lc in s.level_changes:
            kind = "level_pct" if lc.kind is LevelKind.PERCENT else "amount"
            lines.append(
                self.borne("level_changes", lc, kind, Component.LEVEL_CHANGE, self.structural(lc))
            )
        lines += [self.staff(sc) for sc in s.staff_changes]
        for cost in s.structural_costs:
            if cost.overhead and not s.include_overhead:
                continue
            values = self.structural(cost)
            lines.append(
                self.borne("structural_costs", cost, "amount", Component.NEW_STRUCTURAL, values)
            )
        for one_off in s.one_off_costs:
            values = exact_values(one_off.values, self.first, self.n_years)
            lines.append(self.borne("one_off_costs", one_off, "amount", Component.ONE_OFF, values))
        investments = {inv.id: len(lines) + i for i, inv in enumerate(s.investments)}
        lines += [self.investment(inv) for inv in s.investments]
        for markup in s.markups:
            refs = tuple(investments[r] for r in markup.applies_to)
            lines.append(
                CompiledLine(
                    id=markup.id,
                    line_type="markups",
                    description=markup.description,
                    kind="markup",
                    component=Component.ONE_OFF,
                    category=lines[refs[0]].category,
                    values=step_values(markup.values, self.first, self.n_years, markup.until_year),
                    delayable=self.delayable("markups", markup),
                    refs=refs,
                )
            )
        for benefit in s.benefits:
            if not benefit.monetised:
                continue  # no amounts: indicators follow it (samenrekenen.benefits)
            line = self.borne(
                "benefits", benefit, "amount", Component.BENEFITS, self.structural(benefit)
            )
            line.sign = -1.0
            lines.append(line)
        for retirement in s.asset_retirements:
            lines += self.retirement(retirement)
        return lines

    def transfer(self, t: Transfer) -> CompiledLine:
        pmask = np.ones(len(self.cc.participants))
        if t.participants is not None:
            pmask = np.isin(self.cc.participants, t.participants).astype(np.float64)
        cmask = np.ones(len(self.cc.categories))
        if t.categories is not None:
            cmask = np.isin(self.cc.categories, t.categories).astype(np.float64)
        return CompiledLine(
            id=t.id,
            line_type="transfers",
            description=t.description,
            kind="transfer",
            component=Component.TRANSFERRED_IN,
            category=-1,
            values=step_values(t.values, self.first, self.n_years, t.until_year) / 100.0,
            charge_key=self.key(t.charge_key) if t.charge_key else self.transfer_key,
            phased=t.phased,
            delayable=self.delayable("transfers", t),
            participant_mask=pmask,
            category_mask=cmask,
        )

    def staff(self, sc: StaffChange) -> CompiledLine:
        fte = self.structural(sc)
        years = np.asarray(self.cc.years)
        if not sc.savings_realised:
            fte = np.where(fte < 0, 0.0, fte)
        elif sc.realised_from_year is not None:
            fte = np.where((fte < 0) & (years < sc.realised_from_year), 0.0, fte)
        line = self.borne("staff_changes", sc, "amount", Component.LEVEL_CHANGE, fte)
        line.entity_factor = self.cost_per_fte(sc)
        return line

    def cost_per_fte(self, sc: StaffChange) -> FloatArray:
        factor = np.full(self.cc.n_entities, sc.cost_per_fte_eur or 0.0)
        if sc.cost_per_fte_eur is None:
            for p, participant in enumerate(self.case.participants):
                group = [
                    s
                    for s in participant.baseline.staffing
                    if s.function_group == sc.function_group
                ]
                fte = sum(s.fte for s in group)
                if fte > 0:
                    factor[p] = sum(s.fte * s.cost_per_fte_eur for s in group) / fte
                elif group:
                    factor[p] = group[0].cost_per_fte_eur
        return factor

    def investment(self, inv: Investment) -> CompiledLine:
        line = self.borne(
            "investments",
            inv,
            "investment",
            Component.NEW_CAPITAL,
            exact_values(inv.values, self.first, self.n_years),
        )
        n_entities = self.cc.n_entities
        line.charge_matrix = np.zeros((n_entities, self.n_years, self.n_years))
        line.book_matrix = np.zeros((n_entities, self.n_years, self.n_years))
        owners: list[tuple[int, float, dict[str, int]]] = [
            (p, q.interest_rate, q.depreciation_terms) for p, q in enumerate(self.case.participants)
        ]
        share = self.case.shared_service
        owners.append((self.cc.share, share.interest_rate, share.depreciation_terms))
        for e, rate, terms in owners:
            term = inv.term_years or terms.get(inv.category, DEFAULT_DEPRECIATION_TERM_YEARS)
            k, b = charge_matrices(
                self.first,
                self.n_years,
                term,
                inv.interest_rate if inv.interest_rate is not None else rate,
                inv.method.value,
                inv.first_depreciation.value,
                inv.interest_rule.value,
            )
            line.charge_matrix[e], line.book_matrix[e] = k, b
        return line

    def retirement(self, retirement: AssetRetirement) -> list[CompiledLine]:
        p = self.part_index[retirement.participant]
        participant = self.case.participants[p]
        asset = next(a for a in participant.baseline.assets if a.id == retirement.asset)
        schedule = _asset_schedule(participant, asset.id, self.cc.years)
        # The evaluator picks the retirement year (after a delay, per variant) from these
        # full schedules: charges stop from that year, the book value at its 1 January goes.
        charge_line = CompiledLine(
            id=retirement.id,
            line_type="asset_retirements",
            description=f"{participant.name}: {asset.description or asset.id}",
            kind="retirement",
            component=Component.EXISTING_CAPITAL,
            category=self.cat_index[asset.category],
            values=schedule.capital_charge,
            sign=-1.0,
            bearer=p,
            indexed=False,
            delayable=self.delayable("asset_retirements", retirement),
            residual_change=-float(schedule.book_value_dec_31[-1]),
            retire_month=12.0 * (retirement.year - self.first),
        )
        write_off_line = replace(
            charge_line,
            component=Component.DISINVESTMENT,
            values=schedule.book_value_jan_1,
            sign=1.0,
            residual_change=0.0,
        )
        return [charge_line, write_off_line]


def _compile_scenario(cc: CompiledCase, scenario: Scenario, baseline: Scenario) -> CompiledScenario:
    compiler = _ScenarioCompiler(cc, scenario, baseline)
    lines = compiler.compile_lines()
    is_baseline = scenario.id == baseline.id
    members = np.ones(len(cc.participants))
    if scenario.members is not None and not is_baseline:
        members = np.isin(cc.participants, scenario.members).astype(np.float64)
    indexation = scenario.indexation or cc.case.cooperation.indexation
    return CompiledScenario(
        id=scenario.id,
        name=scenario.name,
        is_baseline=is_baseline,
        members=members,
        delay_months=0.0 if is_baseline else float(scenario.delay_months),
        phases=[
            (go_live_month(ph.go_live, cc.years[0]), ph.share_pct / 100.0) for ph in scenario.phases
        ],
        index=index_factors(indexation, cc.categories, cc.years[0], len(cc.years)),
        keys=compiler.keys,
        transfer_key=compiler.transfer_key,
        lines=lines,
        source=scenario,
    )
