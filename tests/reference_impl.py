"""A deliberately simple, per-cell reference implementation of docs/calculation.md.

Plain Python, no numpy, nothing from ``samenrekenen.engine``: loops over scenario, entity,
category and year, so that every rule can be read off the code and checked by hand. The engine
is tested against it on random cases (``tests/engine/test_reference_agreement.py``).

Entry point: :func:`reference_calculate`. Readings chosen where docs/calculation.md leaves room
are marked ``Reading:`` in the comments.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from samenrekenen.model import (
    MEMBERS,
    SHARE,
    AllocationKey,
    BasisKind,
    Case,
    DepreciationMethod,
    FirstDepreciation,
    IndexSeries,
    InterestRule,
    KeyKind,
    LevelKind,
    Scenario,
)

TOLERANCE = 0.005
"""Every comparison with zero allows € 0,005."""

DEFAULT_TERM = 5
EXTRAPOLATION_YEARS = 30
CONSOLIDATED = "consolidated"

COMPONENTS = (
    "retained_visible",
    "retained_hidden",
    "transferred_in",
    "level_change",
    "existing_capital",
    "benefits",
    "new_structural",
    "new_capital",
    "one_off",
    "disinvestment",
)
CLASS_OF = {
    "retained_visible": "c",
    "retained_hidden": "c",
    "transferred_in": "c",
    "level_change": "c",
    "existing_capital": "c",
    "benefits": "c",
    "new_structural": "d",
    "new_capital": "d",
    "one_off": "b",
    "disinvestment": "b",
}
DRIVER_OF_KEY = {
    KeyKind.INHABITANTS: "inhabitants",
    KeyKind.WORKPLACES: "workplaces",
    KeyKind.ACCOUNTS: "accounts",
    KeyKind.EMPLOYEES: "employees",
}


# --------------------------------------------------------------------------------------------
# Small helpers: schedules, index, drivers, dates
# --------------------------------------------------------------------------------------------


def step_values(values: dict[int, float], years: list[int], until: int | None) -> list[float]:
    """Structural values: each value holds from its year to the next given year; 0 before the
    first given year and after ``until``."""
    out = []
    for t in years:
        given = [y for y in values if y <= t]
        v = values[max(given)] if given else 0.0
        if until is not None and t > until:
            v = 0.0
        out.append(float(v))
    return out


def exact_values(values: dict[int, float], years: list[int]) -> list[float]:
    """One-off values: exactly the given years."""
    return [float(values.get(t, 0.0)) for t in years]


def shift(series: list[float], months: int) -> list[float]:
    """Delay a yearly schedule by ``months``: v'[t] = (1 − f)·v[t − k] + f·v[t − k − 1]."""
    k, f = months // 12, (months % 12) / 12

    def at(i: int) -> float:
        return series[i] if i >= 0 else 0.0

    if f == 0:
        return [at(i - k) for i in range(len(series))]
    return [(1 - f) * at(i - k) + f * at(i - k - 1) for i in range(len(series))]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, the day clamped to the end of the month.

    Reading: a go-live "shifted by d months" is a calendar shift of the date.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def active(go_live: dt.date, year: int) -> float:
    """Fraction of ``year`` during which a phase that goes live on ``go_live`` is active."""
    if year < go_live.year:
        return 0.0
    if year > go_live.year:
        return 1.0
    days = calendar.monthrange(go_live.year, go_live.month)[1]
    return (12 - (go_live.month - 1) - (go_live.day - 1) / days) / 12


def index_rate(series: IndexSeries, year: int) -> float:
    return series.rates.get(year, series.rate)


def driver_value(case: Case, pid: str, name: str | None, year: int) -> float:
    """A participant's driver in a year; a missing driver is 0."""
    participant = next(p for p in case.participants if p.id == pid)
    if name is None or name not in participant.drivers:
        return 0.0
    raw = participant.drivers[name]
    if not isinstance(raw, dict):
        return float(raw)
    if not raw:
        return 0.0
    given = [y for y in raw if y <= year]
    return float(raw[max(given)] if given else raw[min(raw)])


# --------------------------------------------------------------------------------------------
# Capital charges
# --------------------------------------------------------------------------------------------


@dataclass
class CapitalYear:
    charge: float
    book_value_jan_1: float
    book_value_dec_31: float


def capital_schedule(
    amount: float,
    purchase_year: int,
    term: int,
    rate: float,
    method: DepreciationMethod,
    first_depreciation: FirstDepreciation,
    interest_rule: InterestRule,
    last_year: int,
) -> dict[int, CapitalYear]:
    """Capital charges and book values of one purchase, from its purchase year to ``last_year``.

    Before the purchase the asset does not exist (book values 0). In the purchase year with
    ``next_year`` first depreciation the 1 January book value is 0 and the 31 December one is
    the amount. Reading: with ``next_year`` the purchase year has no charges at all, also under
    ``average_book_value`` (as capital_charges_example.json says: "purchase year has no
    charges"), rather than interest over the average (0 + A) / 2.
    """
    start = purchase_year + (1 if first_depreciation == FirstDepreciation.NEXT_YEAR else 0)
    annuity_charge = 0.0
    if method == DepreciationMethod.ANNUITY:
        annuity_charge = amount / term if rate == 0 else amount * rate / (1 - (1 + rate) ** -term)
    out: dict[int, CapitalYear] = {}
    book = 0.0  # book value at 31 December of the previous year
    for year in range(purchase_year, last_year + 1):
        if year == purchase_year:
            jan_1 = amount if first_depreciation == FirstDepreciation.PURCHASE_YEAR else 0.0
            before_depreciation = amount
        else:
            jan_1 = book
            before_depreciation = book
        depreciation = 0.0
        if start <= year < start + term:
            if method == DepreciationMethod.LINEAR:
                depreciation = amount / term
            else:
                depreciation = annuity_charge - rate * jan_1
        dec_31 = before_depreciation - depreciation
        if year < start:  # purchase year of a next_year asset
            interest = 0.0
        elif interest_rule == InterestRule.BOOK_VALUE_JAN_1:
            interest = rate * jan_1
        else:
            interest = rate * (jan_1 + dec_31) / 2
        out[year] = CapitalYear(depreciation + interest, jan_1, dec_31)
        book = dec_31
    return out


# --------------------------------------------------------------------------------------------
# One scenario
# --------------------------------------------------------------------------------------------


@dataclass
class Book:
    """What one entity has in one scenario."""

    own: dict[tuple[str, str, int], float] = field(default_factory=dict)  # (comp, cat, i)
    charged: dict[tuple[str, str, int], float] = field(default_factory=dict)  # (class, cat, i)
    outlays: list[float] = field(default_factory=list)
    residual: float = 0.0

    def add(self, component: str, category: str, i: int, amount: float) -> None:
        key = (component, category, i)
        self.own[key] = self.own.get(key, 0.0) + amount


@dataclass
class EntitySeries:
    """Yearly series of one entity in one scenario (what the results are made of)."""

    cost_by_category: dict[tuple[str, int], float]
    cost: list[float]
    cash: list[float]
    class_b: list[float]
    outlays: list[float]
    residual: float
    charges: list[float]  # what it is charged (participants) or charge income (share)
    charges_by_category: dict[tuple[str, int], float]
    charges_b: list[float]
    own_capital: list[float]
    own_disinvestment: list[float]


class ScenarioCalc:
    """The per-cell calculation of one scenario, before non-members are replaced."""

    def __init__(self, case: Case, scenario_id: str) -> None:
        self.case = case
        self.scenario: Scenario = case.resolved(scenario_id)
        self.baseline: Scenario = case.resolved(case.baseline_scenario.id)
        self.is_baseline = scenario_id == case.baseline_scenario.id
        self.years = case.cooperation.years
        self.n = len(self.years)
        self.categories = [c.id for c in case.categories]
        self.pids = [p.id for p in case.participants]
        if self.is_baseline or self.scenario.members is None:
            self.members = list(self.pids)
        else:
            self.members = [p for p in self.pids if p in self.scenario.members]
        self.delay = self.scenario.delay_months
        self.charging = self.scenario.charging or case.charging
        self.books: dict[str, Book] = {e: Book(outlays=[0.0] * self.n) for e in self.entities}
        self.index = self._index()
        self.activation = self._activation()
        self.moved: dict[tuple[str, str, int], float] = {}  # X[p, c, t], all transfer lines

    # -- set-up ---------------------------------------------------------------------------

    @property
    def entities(self) -> list[str]:
        return [*self.pids, SHARE]

    def _index(self) -> dict[tuple[str, int], float]:
        indexation = self.scenario.indexation or self.case.cooperation.indexation
        out = {}
        for c in self.categories:
            series = indexation.per_category.get(c, indexation.default)
            level = 1.0
            for i, t in enumerate(self.years):
                if i > 0:
                    level *= 1 + index_rate(series, t)
                out[(c, i)] = level
        return out

    def _activation(self) -> list[float]:
        if not self.scenario.phases:
            return [1.0] * self.n
        out = []
        for t in self.years:
            a = 0.0
            for phase in self.scenario.phases:
                a += phase.share_pct / 100 * active(add_months(phase.go_live, self.delay), t)
            out.append(a)
        return out

    def delayed(self, list_name: str, line: Any, series: list[float]) -> list[float]:
        """Shift a line's yearly values unless it is identical to the baseline scenario's line
        with the same id."""
        if self.delay == 0 or self._identical(list_name, line):
            return series
        return shift(series, self.delay)

    def _identical(self, list_name: str, line: Any) -> bool:
        return any(b.id == line.id and b == line for b in getattr(self.baseline, list_name))

    def phased(self, line: Any, series: list[float]) -> list[float]:
        if getattr(line, "phased", False):
            return [v * a for v, a in zip(series, self.activation, strict=True)]
        return series

    # -- keys and bearers -----------------------------------------------------------------

    def weights(self, key: AllocationKey, i: int, origin_category: str | None) -> dict[str, float]:
        """Key weights of the members in year ``i`` (summing to 1; equal when all are 0)."""
        t = self.years[i]
        raw: dict[str, float] = {}
        for p in self.members:
            if key.kind in DRIVER_OF_KEY:
                w = driver_value(self.case, p, DRIVER_OF_KEY[key.kind], t)
            elif key.kind == KeyKind.DRIVER:
                w = driver_value(self.case, p, key.driver, t)
            elif key.kind == KeyKind.EQUAL:
                w = 1.0
            elif key.kind == KeyKind.FIXED:
                w = (key.percentages or {}).get(p, 0.0)
            else:  # origin
                cats = [origin_category] if origin_category else self.categories
                w = sum(self.moved.get((p, c, i), 0.0) for c in cats)
            raw[p] = w
        total = sum(raw.values())
        if abs(total) == 0:
            return {p: 1 / len(self.members) for p in self.members}
        return {p: w / total for p, w in raw.items()}

    def multiplier(self, entity: str, basis: Any, i: int) -> float:
        """Basis multiplier m_e[t] of a bearer entity."""
        t = self.years[i]
        if basis.kind == BasisKind.FIXED:
            return 1.0
        if basis.kind == BasisKind.PER_MEMBER:
            return float(len(self.members)) if entity == SHARE else 1.0
        if entity == SHARE:
            return sum(driver_value(self.case, p, basis.driver, t) for p in self.members)
        return driver_value(self.case, entity, basis.driver, t)

    def borne(self, line: Any, values: list[float], indexed: bool) -> dict[str, list[float]]:
        """Amounts per bearer entity of a line with yearly ``values`` (already delayed and
        phased), by the bearer rules: × index if indexed, × basis multiplier, keys."""
        c = line.category
        out: dict[str, list[float]] = {}

        def price(i: int) -> float:
            return values[i] * (self.index[(c, i)] if indexed else 1.0)

        if line.bearer == SHARE:
            out[SHARE] = [price(i) * self.multiplier(SHARE, line.basis, i) for i in range(self.n)]
        elif line.bearer == MEMBERS:
            for p in self.members:
                out[p] = [0.0] * self.n
            for i in range(self.n):
                if line.allocation_key is None:
                    for p in self.members:
                        out[p][i] = price(i) * self.multiplier(p, line.basis, i)
                else:
                    if line.basis.kind == BasisKind.FIXED:
                        total_m = 1.0
                    else:
                        total_m = sum(self.multiplier(p, line.basis, i) for p in self.members)
                    w = self.weights(line.allocation_key, i, None)
                    for p in self.members:
                        out[p][i] = price(i) * total_m * w[p]
        elif line.bearer in self.members:
            p = line.bearer
            out[p] = [price(i) * self.multiplier(p, line.basis, i) for i in range(self.n)]
        return out

    def cost(
        self,
        entity: str,
        component: str,
        category: str,
        i: int,
        amount: float,
        key: AllocationKey | None,
        origin_category: str | None = None,
    ) -> None:
        """Book a cost at an entity; a share cost is charged to the members by ``key``."""
        self.books[entity].add(component, category, i, amount)
        if entity != SHARE:
            return
        key = key or self.charging.default_key
        cls = CLASS_OF[component]
        for p, w in self.weights(key, i, origin_category).items():
            k = (cls, category, i)
            self.books[p].charged[k] = self.books[p].charged.get(k, 0.0) + amount * w

    # -- the calculation ------------------------------------------------------------------

    def run(self) -> None:
        self.baseline_and_transfers()
        self.level_changes()
        self.amount_lines()
        self.staff_changes()
        purchases = self.investments()
        self.markups(purchases)
        self.existing_assets()

    def participant_baseline(self, pid: str) -> tuple[dict[str, float], dict[str, float]]:
        participant = next(p for p in self.case.participants if p.id == pid)
        visible = dict.fromkeys(self.categories, 0.0)
        hidden = dict.fromkeys(self.categories, 0.0)
        for cost in participant.baseline.costs:
            if cost.category in visible:
                visible[cost.category] += cost.visible_eur
                hidden[cost.category] += cost.hidden_eur
        for staff in participant.baseline.staffing:
            if staff.category in visible:
                visible[staff.category] += staff.fte * staff.cost_per_fte_eur
        return visible, hidden

    def baseline_and_transfers(self) -> None:
        # pct per line, participant, category, year
        line_pct: list[tuple[Any, dict[tuple[str, str, int], float]]] = []
        for line in self.scenario.transfers:
            values = step_values(line.values, self.years, line.until_year)
            values = self.phased(line, self.delayed("transfers", line, values))
            who = line.participants if line.participants is not None else self.members
            cats = line.categories if line.categories is not None else self.categories
            pct = {}
            for p in self.members:
                if p not in who:
                    continue
                for c in self.categories:
                    if c in cats:
                        for i in range(self.n):
                            pct[(p, c, i)] = values[i] / 100
            line_pct.append((line, pct))
        self.retained: dict[tuple[str, str, int], tuple[float, float]] = {}
        for p in self.pids:
            visible, hidden = self.participant_baseline(p)
            for c in self.categories:
                for i in range(self.n):
                    total_pct = sum(pct.get((p, c, i), 0.0) for _, pct in line_pct)
                    vis = visible[c] * self.index[(c, i)]
                    hid = hidden[c] * self.index[(c, i)]
                    self.moved[(p, c, i)] = total_pct * (vis + hid)
                    kept = (vis * (1 - total_pct), hid * (1 - total_pct))
                    self.retained[(p, c, i)] = kept
                    self.books[p].add("retained_visible", c, i, kept[0])
                    self.books[p].add("retained_hidden", c, i, kept[1])
        # The share's transferred-in cost, per transfer line so that a line's charge key can
        # apply. Reading: a transfer line's own charge_key overrides charging.transfer_key.
        self.transferred: dict[tuple[str, int], float] = {}
        self.transfer_parts: list[tuple[AllocationKey, dict[tuple[str, int], float]]] = []
        for line, pct in line_pct:
            key = line.charge_key or self.charging.transfer_key
            part: dict[tuple[str, int], float] = {}
            self.transfer_parts.append((key, part))
            for c in self.categories:
                for i in range(self.n):
                    amount = 0.0
                    for p in self.members:
                        if (p, c, i) in pct:
                            visible, hidden = self.participant_baseline(p)
                            amount += pct[(p, c, i)] * (visible[c] + hidden[c]) * self.index[(c, i)]
                    self.transferred[(c, i)] = self.transferred.get((c, i), 0.0) + amount
                    part[(c, i)] = amount
                    self.cost(SHARE, "transferred_in", c, i, amount, key, origin_category=c)

    def level_changes(self) -> None:
        for line in self.scenario.level_changes:
            values = step_values(line.values, self.years, line.until_year)
            values = self.phased(line, self.delayed("level_changes", line, values))
            if line.kind == LevelKind.ABSOLUTE:
                for e, amounts in self.borne(line, values, line.indexed).items():
                    for i, amount in enumerate(amounts):
                        self.cost(e, "level_change", line.category, i, amount, line.charge_key)
                continue
            # Percent: q applies to what the bearer has in the category. Reading: basis and
            # allocation key play no part; bearer 'members' applies q to each member.
            if line.bearer == SHARE:
                bearers = [SHARE]
            elif line.bearer == MEMBERS:
                bearers = list(self.members)
            else:
                bearers = [line.bearer] if line.bearer in self.members else []
            c = line.category
            for e in bearers:
                for i in range(self.n):
                    q = values[i] / 100
                    if e != SHARE:
                        base = sum(self.retained[(e, c, i)])
                        self.cost(e, "level_change", c, i, q * base, line.charge_key)
                        continue
                    # At the share the change is charged like the transferred cost it applies
                    # to: per transfer line, with that line's key.
                    for key, part in self.transfer_parts:
                        amount = q * part.get((c, i), 0.0)
                        self.cost(SHARE, "level_change", c, i, amount, key, origin_category=c)

    def amount_lines(self) -> None:
        for list_name, component, sign, exact in (
            ("structural_costs", "new_structural", 1.0, False),
            ("benefits", "benefits", -1.0, False),
            ("one_off_costs", "one_off", 1.0, True),
        ):
            for line in getattr(self.scenario, list_name):
                overhead = list_name == "structural_costs" and line.overhead
                if overhead and not self.scenario.include_overhead:
                    continue
                if exact:
                    values = exact_values(line.values, self.years)
                else:
                    values = step_values(line.values, self.years, line.until_year)
                values = self.phased(line, self.delayed(list_name, line, values))
                for e, amounts in self.borne(line, values, line.indexed).items():
                    for i, amount in enumerate(amounts):
                        self.cost(e, component, line.category, i, sign * amount, line.charge_key)

    def default_cost_per_fte(self, entity: str, group: str) -> float:
        """The bearer's baseline staffing cost per FTE of the function group.

        Reading: with several staffing records of the group, their FTE-weighted average (the
        first record's rate when they have no FTE); 0 when the bearer has none (the share)."""
        if entity == SHARE:
            return 0.0
        participant = next(p for p in self.case.participants if p.id == entity)
        records = [s for s in participant.baseline.staffing if s.function_group == group]
        if not records:
            return 0.0
        fte = sum(s.fte for s in records)
        if fte > 0:
            return sum(s.fte * s.cost_per_fte_eur for s in records) / fte
        return records[0].cost_per_fte_eur

    def staff_changes(self) -> None:
        for line in self.scenario.staff_changes:
            fte = step_values(line.values, self.years, line.until_year)
            # Reading: the savings switch is part of the line's schedule, applied before the
            # delay shift (so a delay of whole years shifts the effect exactly).
            for i, t in enumerate(self.years):
                if fte[i] < 0:
                    realised = line.savings_realised and (
                        line.realised_from_year is None or t >= line.realised_from_year
                    )
                    if not realised:
                        fte[i] = 0.0
            fte = self.phased(line, self.delayed("staff_changes", line, fte))
            if line.cost_per_fte_eur is not None:
                values = [v * line.cost_per_fte_eur for v in fte]
                borne = self.borne(line, values, line.indexed)
            elif line.bearer == MEMBERS and line.allocation_key is not None:
                raise ValueError("a keyed members staff change needs cost_per_fte_eur")
            else:
                borne = {}
                for e, amounts in self.borne(line, fte, line.indexed).items():
                    cpf = self.default_cost_per_fte(e, line.function_group)
                    borne[e] = [a * cpf for a in amounts]
            for e, amounts in borne.items():
                for i, amount in enumerate(amounts):
                    self.cost(e, "level_change", line.category, i, amount, line.charge_key)

    def terms(self, entity: str) -> tuple[float, dict[str, int]]:
        if entity == SHARE:
            s = self.case.shared_service
            return s.interest_rate, s.depreciation_terms
        p = next(p for p in self.case.participants if p.id == entity)
        return p.interest_rate, p.depreciation_terms

    def investments(self) -> dict[str, dict[str, list[float]]]:
        """Book purchases and capital charges; returns purchases per line id and entity."""
        purchases: dict[str, dict[str, list[float]]] = {}
        last = self.years[-1]
        for line in self.scenario.investments:
            values = exact_values(line.values, self.years)
            values = self.phased(line, self.delayed("investments", line, values))
            borne = self.borne(line, values, line.indexed)
            purchases[line.id] = borne
            for e, amounts in borne.items():
                rate, terms = self.terms(e)
                if line.interest_rate is not None:
                    rate = line.interest_rate
                term = line.term_years or terms.get(line.category, DEFAULT_TERM)
                book = self.books[e]
                for s, amount in enumerate(amounts):
                    if amount == 0:
                        continue
                    book.outlays[s] += amount
                    schedule = capital_schedule(
                        amount,
                        self.years[s],
                        term,
                        rate,
                        line.method,
                        line.first_depreciation,
                        line.interest_rule,
                        last,
                    )
                    for i, t in enumerate(self.years):
                        if t in schedule:
                            charge = schedule[t].charge
                            self.cost(e, "new_capital", line.category, i, charge, line.charge_key)
                    book.residual += schedule[last].book_value_dec_31
        return purchases

    def markups(self, purchases: dict[str, dict[str, list[float]]]) -> None:
        investments = {line.id: line for line in self.scenario.investments}
        for line in self.scenario.markups:
            pct = step_values(line.values, self.years, line.until_year)
            pct = self.delayed("markups", line, pct)
            for inv_id in line.applies_to:
                if inv_id not in investments:
                    continue
                inv = investments[inv_id]
                for e, amounts in purchases[inv_id].items():
                    for i in range(self.n):
                        # A mark-up is charged like the investment it applies to.
                        amount = pct[i] / 100 * amounts[i]
                        self.cost(e, "one_off", inv.category, i, amount, inv.charge_key)

    def existing_assets(self) -> None:
        last = self.years[-1]
        k = self.delay // 12
        retire: dict[tuple[str, str], int] = {}
        for r in self.scenario.asset_retirements:
            year = r.year if self._identical("asset_retirements", r) else r.year + k
            key = (r.participant, r.asset)
            retire[key] = min(year, retire.get(key, year))
        for participant in self.case.participants:
            p = participant.id
            for asset in participant.baseline.assets:
                term = (
                    asset.term_years
                    or participant.depreciation_terms.get(asset.category)
                    or DEFAULT_TERM
                )
                schedule = capital_schedule(
                    asset.amount_eur,
                    asset.purchase_year,
                    term,
                    participant.interest_rate,
                    asset.method,
                    FirstDepreciation.NEXT_YEAR,
                    InterestRule.BOOK_VALUE_JAN_1,
                    max(last, asset.purchase_year),
                )
                retired = retire.get((p, asset.id))
                if asset.category not in self.categories:
                    continue
                for i, t in enumerate(self.years):
                    if t not in schedule:
                        continue
                    if retired is not None and t >= retired:
                        if t == retired:
                            book_value = schedule[t].book_value_jan_1
                            self.books[p].add("disinvestment", asset.category, i, book_value)
                        continue
                    self.books[p].add("existing_capital", asset.category, i, schedule[t].charge)
                if (retired is None or retired > last) and last in schedule:
                    self.books[p].residual += schedule[last].book_value_dec_31

    # -- series ---------------------------------------------------------------------------

    def series(self, entity: str) -> EntitySeries:
        book = self.books[entity]
        by_cat: dict[tuple[str, int], float] = {}
        charges_by_cat: dict[tuple[str, int], float] = {}
        cost = [0.0] * self.n
        class_b = [0.0] * self.n
        capital = [0.0] * self.n
        disinvestment = [0.0] * self.n
        charges = [0.0] * self.n
        charges_b = [0.0] * self.n
        for c in self.categories:
            for i in range(self.n):
                own = sum(book.own.get((comp, c, i), 0.0) for comp in COMPONENTS)
                charged = sum(book.charged.get((cls, c, i), 0.0) for cls in "bcd")
                if entity == SHARE:  # charge income: what the members are charged
                    charged = sum(
                        self.books[p].charged.get((cls, c, i), 0.0)
                        for p in self.members
                        for cls in "bcd"
                    )
                    by_cat[(c, i)] = own
                    charges_b[i] += sum(
                        self.books[p].charged.get(("b", c, i), 0.0) for p in self.members
                    )
                else:
                    by_cat[(c, i)] = own + charged
                    charges_b[i] += book.charged.get(("b", c, i), 0.0)
                charges_by_cat[(c, i)] = charged
                cost[i] += by_cat[(c, i)]
                charges[i] += charged
                class_b[i] += sum(
                    book.own.get((comp, c, i), 0.0) for comp in ("one_off", "disinvestment")
                )
                capital[i] += book.own.get(("existing_capital", c, i), 0.0)
                capital[i] += book.own.get(("new_capital", c, i), 0.0)
                disinvestment[i] += book.own.get(("disinvestment", c, i), 0.0)
        if entity != SHARE:
            class_b = [b + cb for b, cb in zip(class_b, charges_b, strict=True)]
        cash = [cost[i] - capital[i] - disinvestment[i] + book.outlays[i] for i in range(self.n)]
        return EntitySeries(
            cost_by_category=by_cat,
            cost=cost,
            cash=cash,
            class_b=class_b,
            outlays=list(book.outlays),
            residual=book.residual,
            charges=charges,
            charges_by_category=charges_by_cat,
            charges_b=charges_b,
            own_capital=capital,
            own_disinvestment=disinvestment,
        )


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------


def metrics(
    scen: EntitySeries,
    base: EntitySeries,
    years: list[int],
    discount_rate: float,
    is_share: bool,
) -> dict[str, Any]:
    n = len(years)
    difference = [scen.cost[i] - base.cost[i] for i in range(n)]
    cumulative = []
    running = 0.0
    for d in difference:
        running += d
        cumulative.append(running)
    one_off_difference = [scen.class_b[i] - base.class_b[i] for i in range(n)]
    # Reading: "one-off costs" are class B (one-off costs, mark-ups, disinvestment, charged B).
    structural_last = difference[-1] - one_off_difference[-1]

    break_even: int | None = None
    estimate = False
    if any(abs(d) > TOLERANCE for d in difference):
        for i in range(n):
            if all(cumulative[j] <= TOLERANCE for j in range(i, n)):
                break_even = years[i]
                break
        # Reading: the extrapolation needs a last-year saving beyond the tolerance (as simple
        # payback does: "the last year saves nothing").
        if break_even is None and -structural_last > TOLERANCE:
            for j in range(1, EXTRAPOLATION_YEARS + 1):
                if cumulative[-1] + j * structural_last <= TOLERANCE:
                    break_even = years[-1] + j
                    estimate = True
                    break

    base_total = sum(base.cost)
    savings = None if abs(base_total) <= TOLERANCE else -sum(difference) / base_total * 100

    extra = sum(one_off_difference) + sum(scen.outlays[i] - base.outlays[i] for i in range(n))
    payback = None
    if -structural_last > TOLERANCE and extra > TOLERANCE:
        payback = extra / -structural_last

    npv: float | None = 0.0
    for i in range(n):
        npv += -(scen.cash[i] - base.cash[i]) / (1 + discount_rate) ** i
    npv += (scen.residual - base.residual) / (1 + discount_rate) ** (n - 1)

    if is_share:
        break_even, estimate, savings, payback, npv = None, False, None, None, None
    return {
        "break_even_year": break_even,
        "break_even_is_estimate": estimate,
        "savings_pct": savings,
        "simple_payback_years": payback,
        "npv": npv,
        "difference": difference,
        "cumulative_difference": cumulative,
    }


# --------------------------------------------------------------------------------------------
# The case
# --------------------------------------------------------------------------------------------


def _consolidated(participants: list[EntitySeries], share: EntitySeries) -> EntitySeries:
    """Σ participants' cost − the share's result (income − gross cost)."""
    n = len(share.cost)
    by_cat = {
        k: sum(p.cost_by_category[k] for p in participants)
        + share.cost_by_category[k]
        - share.charges_by_category[k]
        for k in share.cost_by_category
    }

    def total(name: str) -> list[float]:
        return [sum(getattr(p, name)[i] for p in participants) for i in range(n)]

    cost, cash, class_b, outlays = total("cost"), total("cash"), total("class_b"), total("outlays")
    return EntitySeries(
        cost_by_category=by_cat,
        cost=[cost[i] + share.cost[i] - share.charges[i] for i in range(n)],
        cash=[cash[i] + share.cash[i] - share.charges[i] for i in range(n)],
        class_b=[class_b[i] + share.class_b[i] - share.charges_b[i] for i in range(n)],
        outlays=[outlays[i] + share.outlays[i] for i in range(n)],
        residual=sum(p.residual for p in participants) + share.residual,
        charges=[0.0] * n,
        charges_by_category={k: 0.0 for k in by_cat},
        charges_b=[0.0] * n,
        own_capital=[0.0] * n,
        own_disinvestment=[0.0] * n,
    )


def reference_calculate(case: Case) -> dict[str, Any]:
    """Calculate every scenario of ``case`` cell by cell.

    Returns a dict with:

    - ``years``, ``categories``, ``participants``, ``entities`` (participants, then ``share``);
    - ``members[scenario_id]``;
    - ``cost[(scenario_id, entity, category, year)]`` — cost view including charges;
    - ``cash[(scenario_id, entity, year)]`` — cash view;
    - ``one_off[(scenario_id, entity, year)]`` — class B;
    - ``residual[(scenario_id, entity_or_consolidated)]``;
    - ``consolidated_cost[(scenario_id, year)]``, ``consolidated_cash[(scenario_id, year)]``,
      ``consolidated_cost_by_category[(scenario_id, category, year)]``;
    - ``difference[(scenario_id, entity_or_consolidated, year)]``;
    - ``metrics[(scenario_id, entity_or_consolidated)]`` — dict with ``break_even_year``,
      ``break_even_is_estimate``, ``savings_pct``, ``simple_payback_years`` and ``npv``.
    """
    years = case.cooperation.years
    categories = [c.id for c in case.categories]
    pids = [p.id for p in case.participants]
    entities = [*pids, SHARE]
    baseline_id = case.baseline_scenario.id

    calcs: dict[str, ScenarioCalc] = {}
    series: dict[str, dict[str, EntitySeries]] = {}
    for scenario in case.scenarios:
        calc = ScenarioCalc(case, scenario.id)
        calc.run()
        calcs[scenario.id] = calc
        series[scenario.id] = {e: calc.series(e) for e in entities}
    # A participant that is not a member gets exactly its results of the baseline scenario.
    for sid, calc in calcs.items():
        for p in pids:
            if p not in calc.members:
                series[sid][p] = series[baseline_id][p]
    for sid in series:
        series[sid][CONSOLIDATED] = _consolidated(
            [series[sid][p] for p in pids], series[sid][SHARE]
        )

    out: dict[str, Any] = {
        "years": years,
        "categories": categories,
        "participants": pids,
        "entities": entities,
        "members": {sid: calc.members for sid, calc in calcs.items()},
        "cost": {},
        "cash": {},
        "one_off": {},
        "residual": {},
        "consolidated_cost": {},
        "consolidated_cash": {},
        "consolidated_cost_by_category": {},
        "difference": {},
        "metrics": {},
    }
    rate = case.cooperation.discount_rate
    for sid, by_entity in series.items():
        for e, s in by_entity.items():
            for i, t in enumerate(years):
                if e == CONSOLIDATED:
                    out["consolidated_cost"][(sid, t)] = s.cost[i]
                    out["consolidated_cash"][(sid, t)] = s.cash[i]
                    for c in categories:
                        out["consolidated_cost_by_category"][(sid, c, t)] = s.cost_by_category[
                            (c, i)
                        ]
                else:
                    out["cash"][(sid, e, t)] = s.cash[i]
                    out["one_off"][(sid, e, t)] = s.class_b[i]
                    for c in categories:
                        out["cost"][(sid, e, c, t)] = s.cost_by_category[(c, i)]
            out["residual"][(sid, e)] = s.residual
            m = metrics(s, series[baseline_id][e], years, rate, is_share=e == SHARE)
            for i, t in enumerate(years):
                out["difference"][(sid, e, t)] = m["difference"][i]
            out["metrics"][(sid, e)] = {
                k: m[k]
                for k in (
                    "break_even_year",
                    "break_even_is_estimate",
                    "savings_pct",
                    "simple_payback_years",
                    "npv",
                )
            }
    return out
