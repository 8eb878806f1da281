"""Semantic checks of a case that pydantic cannot do: references, ranges and consistency.

Errors are values (:class:`CaseError`) with the path of the offending field in the case file's
own English keys (``scenarios[1].investments[3].values.2031``) and a Dutch message that says what
to do. :func:`check_case` collects every error; it never stops at the first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .case import Case
from .categories import Category
from .charging import ChargingDesign, KeyedPool, Product, TariffKind, Tier
from .common import MEMBERS, SHARE, AllocationKey, Basis, BasisKind, KeyKind
from .participants import DriverValues, Participant
from .scenario import (
    LINE_LISTS,
    BorneLine,
    LevelChange,
    LevelKind,
    Scenario,
    StaffChange,
    Transfer,
)

PERCENT_TOLERANCE = 0.01
"""How far fixed percentages may be from 100 (in percentage points)."""

MAX_CHOICES_SHOWN = 8
"""How many allowed values a message lists before it ends with '…'."""


@dataclass(frozen=True)
class CaseError:
    """An error in a case: where it is and what to do about it.

    Attributes:
        path: the offending field in the case file's own keys, e.g.
            ``scenarios[1].investments[3].values.2031``; empty for the file as a whole.
        message: Dutch, concrete, saying what to do.
        line: line number in the case file (1-based), when known.
    """

    path: str
    message: str
    line: int | None = None

    def format(self, file: str | None = None) -> str:
        """The error as one line: ``demo.yaml:12: scenarios[1].year: jaar 1800 ligt …``."""
        location = file or ""
        if self.line is not None:
            location = f"{location}:{self.line}" if location else f"regel {self.line}"
        parts = [p for p in (location, self.path, self.message) if p]
        return ": ".join(parts)


def at(path: str, *parts: str | int) -> str:
    """Extend a path with keys (``.key``) and list indices (``[i]``).

    An ``int`` is a list index; pass dict keys such as years as ``str``.
    """
    for part in parts:
        if isinstance(part, int):
            path = f"{path}[{part}]"
        elif path:
            path = f"{path}.{part}"
        else:
            path = part
    return path


def choices(values: Iterable[str]) -> str:
    """A short list of allowed values for a message: ``a, b, c, …``."""
    shown = list(dict.fromkeys(values))
    text = ", ".join(shown[:MAX_CHOICES_SHOWN])
    return text + (", …" if len(shown) > MAX_CHOICES_SHOWN else "")


def number(value: float) -> str:
    """A number the Dutch way for messages: ``12,5``; whole numbers without decimals."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").replace(".", ",")


@dataclass(frozen=True)
class _Context:
    """What the checks of one case need to know, computed once."""

    case: Case
    participants: tuple[str, ...]
    categories: tuple[str, ...]
    drivers: tuple[str, ...]
    objectives: tuple[str, ...]
    first_year: int
    last_year: int
    resolved: dict[int, Scenario]

    @property
    def horizon(self) -> str:
        """The horizon as text: ``2026–2035``."""
        return f"{self.first_year}–{self.last_year}"


def check_case(case: Case) -> list[CaseError]:
    """Every semantic error of the case, in case order (empty when the case is sound)."""
    ctx = _context(case)
    errors: list[CaseError] = []
    for check in _CHECKS:
        errors.extend(check(ctx))
    return errors


def _context(case: Case) -> _Context:
    drivers = {name: None for p in case.participants for name in p.drivers}
    return _Context(
        case=case,
        participants=tuple(p.id for p in case.participants),
        categories=tuple(c.id for c in case.categories),
        drivers=tuple(drivers),
        objectives=tuple(o.id for o in case.cooperation.objectives),
        first_year=case.cooperation.first_year,
        last_year=case.cooperation.last_year,
        resolved=_resolvable(case),
    )


# --- extends chains ---------------------------------------------------------------------------


def _chain(case: Case, index: int) -> tuple[list[str], str | None]:
    """The ids along the extends chain of a scenario, and why it is broken (None when sound)."""
    by_id = {s.id: s for s in case.scenarios}
    counts = Counter(s.id for s in case.scenarios)
    scenario = case.scenarios[index]
    ids = [scenario.id]
    while scenario.extends is not None:
        target = scenario.extends
        if target not in by_id:
            return ids, "unknown"
        if target in ids:
            return [*ids, target], "cycle"
        if counts[target] > 1:
            return ids, "ambiguous"
        ids.append(target)
        scenario = by_id[target]
    if counts[ids[0]] > 1 and len(ids) > 1:
        return ids, "ambiguous"
    return ids, None


def _resolvable(case: Case) -> dict[int, Scenario]:
    """Resolved scenarios by index, for every scenario whose extends chain is sound."""
    resolved: dict[int, Scenario] = {}
    for index, scenario in enumerate(case.scenarios):
        if scenario.extends is None:
            resolved[index] = scenario
        elif _chain(case, index)[1] is None:
            resolved[index] = case.resolved(scenario.id)
    return resolved


# --- generic helpers --------------------------------------------------------------------------


def _duplicates(ids: Sequence[str], path: str, what: str) -> Iterator[CaseError]:
    """An error for every id that already occurred earlier in the list."""
    first: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in first:
            yield CaseError(
                at(path, index, "id"),
                f"{what} '{item_id}' komt al voor bij {at(path, first[item_id])}; "
                f"geef elk(e) {what} een eigen id",
            )
        else:
            first[item_id] = index


def _year(ctx: _Context, year: int, path: str) -> Iterator[CaseError]:
    if not ctx.first_year <= year <= ctx.last_year:
        yield CaseError(path, f"jaar {year} ligt buiten de looptijd {ctx.horizon}")


def _participant(ctx: _Context, value: str, path: str) -> Iterator[CaseError]:
    if value not in ctx.participants:
        yield CaseError(
            path, f"onbekende deelnemer '{value}'; kies een van: {choices(ctx.participants)}"
        )


def _category(ctx: _Context, value: str, path: str) -> Iterator[CaseError]:
    if value not in ctx.categories:
        yield CaseError(
            path, f"onbekende categorie '{value}'; kies een van: {choices(ctx.categories)}"
        )


def _driver(ctx: _Context, value: str, path: str) -> Iterator[CaseError]:
    if value in ctx.drivers:
        return
    known = f"bekende drivers: {choices(ctx.drivers)}" if ctx.drivers else "er zijn nog geen"
    yield CaseError(
        path,
        f"geen enkele deelnemer heeft de driver '{value}' ({known}); "
        "voeg hem toe bij de drivers van de deelnemers of kies een andere",
    )


def _term(years: int, path: str) -> Iterator[CaseError]:
    if years <= 0:
        yield CaseError(
            path,
            f"afschrijvingstermijn van {years} jaar is niet mogelijk; geef minstens 1 jaar op",
        )


def _depreciation_terms(ctx: _Context, terms: dict[str, int], path: str) -> Iterator[CaseError]:
    for category, years in terms.items():
        yield from _category(ctx, category, at(path, category))
        yield from _term(years, at(path, category))


def _basis(ctx: _Context, basis: Basis, path: str) -> Iterator[CaseError]:
    if basis.driver is not None:
        yield from _driver(ctx, basis.driver, at(path, "driver"))
    elif basis.kind == BasisKind.PER_DRIVER:
        yield CaseError(
            at(path, "driver"),
            "basis 'per_driver' heeft een driver nodig; vul 'driver' in, bijv. 'inhabitants'",
        )


def _key(ctx: _Context, key: AllocationKey | None, path: str) -> Iterator[CaseError]:
    """Checks of an allocation key (verdeelsleutel)."""
    if key is None:
        return
    if key.driver is not None:
        yield from _driver(ctx, key.driver, at(path, "driver"))
    elif key.kind == KeyKind.DRIVER:
        yield CaseError(
            at(path, "driver"),
            "een sleutel van soort 'driver' heeft een driver nodig; vul 'driver' in",
        )
    if key.percentages is not None:
        yield from _percentages(ctx, key.percentages, at(path, "percentages"))
    elif key.kind == KeyKind.FIXED:
        yield CaseError(
            at(path, "percentages"),
            "een sleutel van soort 'fixed' heeft percentages per deelnemer nodig; "
            "vul 'percentages' in",
        )


def _percentages(ctx: _Context, percentages: dict[str, float], path: str) -> Iterator[CaseError]:
    for participant, pct in percentages.items():
        yield from _participant(ctx, participant, at(path, participant))
        if not 0 <= pct <= 100:
            yield CaseError(at(path, participant), f"percentage {number(pct)} ligt buiten 0–100")
    total = sum(percentages.values())
    if abs(total - 100) > PERCENT_TOLERANCE:
        yield CaseError(
            path, f"de vaste percentages tellen op tot {number(total)}%; dat moet 100% zijn"
        )


def _charging(ctx: _Context, charging: object, path: str) -> Iterator[CaseError]:
    for name in ("default_key", "transfer_key"):
        key = getattr(charging, name, None)
        if isinstance(key, AllocationKey):
            yield from _key(ctx, key, at(path, name))


def _step_value(values: dict[int, float], year: int, until_year: int | None) -> float:
    """The value of a structural line in a year (step function, 0 after until_year)."""
    if until_year is not None and year > until_year:
        return 0.0
    given = [y for y in values if y <= year]
    return values[max(given)] if given else 0.0


# --- case-level checks ------------------------------------------------------------------------


def _check_ids(ctx: _Context) -> Iterator[CaseError]:
    case = ctx.case
    yield from _duplicates([p.id for p in case.participants], "participants", "deelnemer")
    yield from _duplicates([c.id for c in case.categories], "categories", "categorie")
    yield from _duplicates([s.id for s in case.scenarios], "scenarios", "scenario")
    yield from _duplicates(list(ctx.objectives), "cooperation.objectives", "doelstelling")


def _check_categories(ctx: _Context) -> Iterator[CaseError]:
    by_id = {c.id: c for c in ctx.case.categories}
    for index, category in enumerate(ctx.case.categories):
        if category.parent is None:
            continue
        path = at("categories", index, "parent")
        if category.parent not in by_id:
            yield from _category(ctx, category.parent, path)
            continue
        cycle = _category_cycle(category.id, by_id)
        if cycle and ctx.categories.index(category.id) == min(map(ctx.categories.index, cycle)):
            yield CaseError(
                path,
                f"categorie '{category.id}' is via 'parent' haar eigen bovenliggende categorie "
                f"({' → '.join([*cycle, cycle[0]])}); verwijder een van deze verwijzingen",
            )


def _category_cycle(start: str, by_id: dict[str, Category]) -> list[str]:
    """The categories of the parent cycle through ``start`` (empty when there is none)."""
    seen = [start]
    current = by_id[start].parent
    while current is not None and current in by_id:
        if current == start:
            return seen
        if current in seen:
            return []
        seen.append(current)
        current = by_id[current].parent
    return []


def _check_cooperation(ctx: _Context) -> Iterator[CaseError]:
    yield from _indexation(ctx, ctx.case.cooperation.indexation, "cooperation.indexation")
    yield from _charging(ctx, ctx.case.charging, "charging")
    yield from _depreciation_terms(
        ctx, ctx.case.shared_service.depreciation_terms, "shared_service.depreciation_terms"
    )


def _indexation(ctx: _Context, indexation: object, path: str) -> Iterator[CaseError]:
    default = getattr(indexation, "default", None)
    per_category: dict[str, object] = getattr(indexation, "per_category", {})
    series = [(at(path, "default"), default)]
    for category, item in per_category.items():
        yield from _category(ctx, category, at(path, "per_category", category))
        series.append((at(path, "per_category", category), item))
    for series_path, item in series:
        for year in getattr(item, "rates", {}):
            yield from _year(ctx, year, at(series_path, "rates", str(year)))


def _check_participants(ctx: _Context) -> Iterator[CaseError]:
    for index, participant in enumerate(ctx.case.participants):
        path = at("participants", index)
        yield from _drivers(participant.drivers, at(path, "drivers"))
        yield from _depreciation_terms(
            ctx, participant.depreciation_terms, at(path, "depreciation_terms")
        )
        yield from _baseline(ctx, participant, at(path, "baseline"))


def _drivers(drivers: dict[str, DriverValues], path: str) -> Iterator[CaseError]:
    for name, values in drivers.items():
        items = values.items() if isinstance(values, dict) else [(None, values)]
        for year, value in items:
            if value < 0:
                yield CaseError(
                    at(path, name) if year is None else at(path, name, str(year)),
                    f"negatieve waarde {number(value)} is niet mogelijk; een volume is 0 of meer",
                )


def _baseline(ctx: _Context, participant: Participant, path: str) -> Iterator[CaseError]:
    baseline = participant.baseline
    for kind in ("costs", "staffing", "assets", "contracts"):
        for index, record in enumerate(getattr(baseline, kind)):
            yield from _category(ctx, record.category, at(path, kind, index, "category"))
    yield from _duplicates([a.id for a in baseline.assets], at(path, "assets"), "activum")
    yield from _duplicates([c.id for c in baseline.contracts], at(path, "contracts"), "contract")
    for index, asset in enumerate(baseline.assets):
        asset_path = at(path, "assets", index)
        if asset.purchase_year > ctx.last_year:
            yield CaseError(
                at(asset_path, "purchase_year"),
                f"aanschafjaar {asset.purchase_year} ligt na de looptijd {ctx.horizon}; "
                "een bestaand activum is uiterlijk in het laatste jaar aangeschaft",
            )
        if asset.term_years is not None:
            yield from _term(asset.term_years, at(asset_path, "term_years"))


# --- scenario-level checks --------------------------------------------------------------------


def _check_baseline_scenario(ctx: _Context) -> Iterator[CaseError]:
    baselines = [i for i, s in enumerate(ctx.case.scenarios) if s.is_baseline]
    if not baselines:
        yield CaseError(
            "scenarios",
            "er is geen basisscenario (ongewijzigd beleid); "
            "zet 'is_baseline: true' bij precies één scenario",
        )
        return
    first = ctx.case.scenarios[baselines[0]].id
    for index in baselines[1:]:
        yield CaseError(
            at("scenarios", index, "is_baseline"),
            f"'{first}' is al het basisscenario; "
            "precies één scenario mag 'is_baseline: true' hebben",
        )
    for index in baselines:
        yield from _baseline_scenario_fields(ctx.case.scenarios[index], at("scenarios", index))


def _baseline_scenario_fields(scenario: Scenario, path: str) -> Iterator[CaseError]:
    if scenario.extends is not None:
        yield CaseError(
            at(path, "extends"),
            "het basisscenario kan geen ander scenario uitbreiden; verwijder 'extends'",
        )
    if scenario.members is not None:
        yield CaseError(
            at(path, "members"),
            "het basisscenario omvat altijd alle deelnemers; verwijder 'members'",
        )
    if scenario.delay_months:
        yield CaseError(
            at(path, "delay_months"),
            "het basisscenario kan geen vertraging hebben; verwijder 'delay_months'",
        )


def _check_extends(ctx: _Context) -> Iterator[CaseError]:
    ids = [s.id for s in ctx.case.scenarios]
    for index, scenario in enumerate(ctx.case.scenarios):
        if scenario.extends is None:
            continue
        path = at("scenarios", index, "extends")
        chain, problem = _chain(ctx.case, index)
        if problem == "unknown" and len(chain) == 1:
            yield CaseError(
                path, f"onbekend scenario '{scenario.extends}'; kies een van: {choices(ids)}"
            )
        elif problem == "cycle" and chain[-1] == scenario.id:
            in_cycle = chain[:-1]
            if index == min(ids.index(i) for i in in_cycle):
                yield CaseError(
                    path,
                    f"scenario '{scenario.id}' breidt via 'extends' zichzelf uit "
                    f"({' → '.join(chain)}); verwijder een van deze verwijzingen",
                )


def _check_scenarios(ctx: _Context) -> Iterator[CaseError]:
    for index, scenario in enumerate(ctx.case.scenarios):
        path = at("scenarios", index)
        yield from _members(ctx, scenario, path)
        yield from _objectives_not_reached(ctx, scenario, path)
        yield from _phases(ctx, scenario, path)
        yield from _remove_lines(ctx, index, path)
        if scenario.indexation is not None:
            yield from _indexation(ctx, scenario.indexation, at(path, "indexation"))
        if scenario.charging is not None:
            yield from _charging(ctx, scenario.charging, at(path, "charging"))
        yield from _line_ids(ctx, index, path)
        yield from _lines(ctx, index, path)


def _members(ctx: _Context, scenario: Scenario, path: str) -> Iterator[CaseError]:
    if scenario.members is None:
        return
    if not scenario.members:
        yield CaseError(
            at(path, "members"),
            "een scenario heeft minstens één deelnemer; vul 'members' aan of verwijder het",
        )
    seen: set[str] = set()
    for index, member in enumerate(scenario.members):
        yield from _participant(ctx, member, at(path, "members", index))
        if member in seen:
            yield CaseError(
                at(path, "members", index), f"deelnemer '{member}' staat al in 'members'"
            )
        seen.add(member)


def _objectives_not_reached(ctx: _Context, scenario: Scenario, path: str) -> Iterator[CaseError]:
    for index, objective in enumerate(scenario.objectives_not_reached):
        if objective in ctx.objectives:
            continue
        hint = (
            f"kies een van: {choices(ctx.objectives)}"
            if ctx.objectives
            else "voeg eerst doelstellingen toe onder cooperation.objectives"
        )
        yield CaseError(
            at(path, "objectives_not_reached", index),
            f"onbekende doelstelling '{objective}'; {hint}",
        )


def _phases(ctx: _Context, scenario: Scenario, path: str) -> Iterator[CaseError]:
    yield from _duplicates([p.id for p in scenario.phases], at(path, "phases"), "fase")
    for index, phase in enumerate(scenario.phases):
        yield from _year(ctx, phase.go_live.year, at(path, "phases", index, "go_live"))
    total = sum(p.share_pct for p in scenario.phases)
    if total > 100 + PERCENT_TOLERANCE:
        yield CaseError(
            at(path, "phases"),
            f"de fasen tellen op tot {number(total)}%; dat mag hoogstens 100% zijn",
        )


def _remove_lines(ctx: _Context, index: int, path: str) -> Iterator[CaseError]:
    scenario = ctx.case.scenarios[index]
    if not scenario.remove_lines:
        return
    if scenario.extends is None:
        yield CaseError(
            at(path, "remove_lines"),
            "'remove_lines' werkt alleen in een scenario met 'extends'; verwijder het",
        )
        return
    if index not in ctx.resolved:
        return
    parent = ctx.case.resolved(scenario.extends)
    parent_ids = [line.id for name in LINE_LISTS for line in getattr(parent, name)]
    for position, line_id in enumerate(scenario.remove_lines):
        if line_id not in parent_ids:
            yield CaseError(
                at(path, "remove_lines", position),
                f"scenario '{parent.id}' heeft geen regel '{line_id}'; "
                f"kies een van: {choices(parent_ids)}",
            )


def _own_lines(scenario: Scenario) -> Iterator[tuple[str, int, object]]:
    for name in LINE_LISTS:
        for index, line in enumerate(getattr(scenario, name)):
            yield name, index, line


def _line_ids(ctx: _Context, index: int, path: str) -> Iterator[CaseError]:
    """Line ids are unique in a scenario, across all line lists, also after resolving."""
    scenario = ctx.case.scenarios[index]
    own = list(_own_lines(scenario))
    own_count = Counter(getattr(line, "id", "") for _, _, line in own)
    first: dict[str, str] = {}
    for name, position, line in own:
        line_id: str = getattr(line, "id", "")
        line_path = at(path, name, position)
        if line_id in first:
            yield CaseError(
                at(line_path, "id"),
                f"regel '{line_id}' komt al voor bij {first[line_id]}; "
                "geef elke regel van een scenario een eigen id",
            )
        first.setdefault(line_id, line_path)
    resolved = ctx.resolved.get(index)
    if resolved is None or scenario.extends is None:
        return
    resolved_count = Counter(line.id for name in LINE_LISTS for line in getattr(resolved, name))
    for name, position, line in own:
        line_id = getattr(line, "id", "")
        if own_count[line_id] == 1 and resolved_count[line_id] > 1:
            yield CaseError(
                at(path, name, position, "id"),
                f"regel '{line_id}' bestaat ook als ander soort regel in scenario "
                f"'{scenario.extends}'; een regel vervangt alleen een regel van dezelfde soort: "
                "kies een ander id",
            )


def _lines(ctx: _Context, index: int, path: str) -> Iterator[CaseError]:
    scenario = ctx.case.scenarios[index]
    for name, position, line in _own_lines(scenario):
        line_path = at(path, name, position)
        yield from _line_years(ctx, line, line_path)
        if isinstance(line, BorneLine):
            yield from _borne_line(ctx, line, line_path)
        if isinstance(line, Transfer):
            yield from _transfer(ctx, line, line_path)
        if isinstance(line, LevelChange):
            yield from _level_change(line, line_path)
        if isinstance(line, StaffChange):
            yield from _staff_change(ctx, index, line, line_path)
    yield from _markups(ctx, index, path)
    yield from _asset_retirements(ctx, scenario, path)
    yield from _transfer_totals(ctx, index, path)


def _line_years(ctx: _Context, line: object, path: str) -> Iterator[CaseError]:
    values: dict[int, float] = getattr(line, "values", {})
    for year in values:
        yield from _year(ctx, year, at(path, "values", str(year)))
    for field in ("until_year", "realised_from_year", "year"):
        value = getattr(line, field, None)
        if isinstance(value, int):
            yield from _year(ctx, value, at(path, field))


def _bearer(ctx: _Context, bearer: str, path: str) -> Iterator[CaseError]:
    if bearer in (SHARE, MEMBERS) or bearer in ctx.participants:
        return
    yield CaseError(
        path,
        f"onbekende drager '{bearer}'; kies 'share', 'members' of een deelnemer: "
        f"{choices(ctx.participants)}",
    )


def _borne_line(ctx: _Context, line: BorneLine, path: str) -> Iterator[CaseError]:
    yield from _bearer(ctx, line.bearer, at(path, "bearer"))
    yield from _category(ctx, line.category, at(path, "category"))
    yield from _basis(ctx, line.basis, at(path, "basis"))
    yield from _key(ctx, line.allocation_key, at(path, "allocation_key"))
    yield from _key(ctx, line.charge_key, at(path, "charge_key"))


def _transfer(ctx: _Context, line: Transfer, path: str) -> Iterator[CaseError]:
    for index, participant in enumerate(line.participants or []):
        yield from _participant(ctx, participant, at(path, "participants", index))
    for index, category in enumerate(line.categories or []):
        yield from _category(ctx, category, at(path, "categories", index))
    yield from _key(ctx, line.charge_key, at(path, "charge_key"))
    for year, pct in line.values.items():
        if not 0 <= pct <= 100:
            yield CaseError(
                at(path, "values", str(year)),
                f"knip-percentage {number(pct)} ligt buiten 0–100; geef een percentage "
                "van 0 tot en met 100 op",
            )


def _level_change(line: LevelChange, path: str) -> Iterator[CaseError]:
    if line.kind != LevelKind.PERCENT:
        return
    for year, pct in line.values.items():
        if pct < -100:
            yield CaseError(
                at(path, "values", str(year)),
                f"een daling van {number(pct)}% is niet mogelijk; "
                "een procentuele wijziging is -100 of meer",
            )


def _members_of(ctx: _Context, index: int) -> list[str]:
    scenario = ctx.resolved.get(index, ctx.case.scenarios[index])
    if scenario.is_baseline or scenario.members is None:
        return list(ctx.participants)
    return [m for m in scenario.members if m in ctx.participants]


def _staff_change(ctx: _Context, index: int, line: StaffChange, path: str) -> Iterator[CaseError]:
    if line.cost_per_fte_eur is not None:
        return
    group = line.function_group
    fix = "vul 'cost_per_fte_eur' in"
    if line.bearer == SHARE:
        yield CaseError(
            at(path, "cost_per_fte_eur"),
            f"de share heeft geen eigen bezetting om de kosten per fte van '{group}' uit te "
            f"halen; {fix}",
        )
        return
    if line.bearer == MEMBERS:
        bearers = _members_of(ctx, index)
    elif line.bearer in ctx.participants:
        bearers = [line.bearer]
    else:
        return
    by_id = {p.id: p for p in ctx.case.participants}
    lacking = [
        p for p in bearers if not any(s.function_group == group for s in by_id[p].baseline.staffing)
    ]
    if lacking:
        yield CaseError(
            at(path, "cost_per_fte_eur"),
            f"deelnemer {choices(lacking)} heeft in de nulmeting geen bezetting voor "
            f"functiegroep '{group}'; {fix} of voeg de functiegroep toe aan de nulmeting",
        )


def _markups(ctx: _Context, index: int, path: str) -> Iterator[CaseError]:
    scenario = ctx.case.scenarios[index]
    resolved = ctx.resolved.get(index)
    if resolved is None:
        if scenario.extends is not None:
            return
        resolved = scenario
    investments = [i.id for i in resolved.investments]
    for position, markup in enumerate(scenario.markups):
        for item, target in enumerate(markup.applies_to):
            if target in investments:
                continue
            hint = (
                f"kies een van: {choices(investments)}"
                if investments
                else "het scenario heeft geen investeringen"
            )
            yield CaseError(
                at(path, "markups", position, "applies_to", item),
                f"onbekende investering '{target}'; {hint}",
            )


def _asset_retirements(ctx: _Context, scenario: Scenario, path: str) -> Iterator[CaseError]:
    by_id = {p.id: p for p in ctx.case.participants}
    for index, retirement in enumerate(scenario.asset_retirements):
        line_path = at(path, "asset_retirements", index)
        participant = by_id.get(retirement.participant)
        if participant is None:
            yield from _participant(ctx, retirement.participant, at(line_path, "participant"))
            continue
        assets = [a.id for a in participant.baseline.assets]
        if retirement.asset not in assets:
            hint = f"kies een van: {choices(assets)}" if assets else "die heeft geen activa"
            yield CaseError(
                at(line_path, "asset"),
                f"deelnemer '{participant.id}' heeft geen activum '{retirement.asset}'; {hint}",
            )


def _transfer_totals(ctx: _Context, index: int, path: str) -> Iterator[CaseError]:
    """The transfers covering one participant and category add up to at most 100% a year."""
    resolved = ctx.resolved.get(index)
    if resolved is None:
        return
    own = {t.id: i for i, t in enumerate(ctx.case.scenarios[index].transfers)}
    overflows = _transfer_overflows(ctx, resolved.transfers, _members_of(ctx, index))
    for line_ids, found in overflows.items():
        own_ids = [i for i in line_ids if i in own]
        if not own_ids:
            continue  # reported at the scenario the lines come from
        year, total, participant, category = found[0]
        others = len({(p, c) for _, _, p, c in found}) - 1
        more = f" (en {others} andere combinaties)" if others else ""
        yield CaseError(
            at(path, "transfers", own[own_ids[0]], "values"),
            f"de knip-percentages van {', '.join(repr(i) for i in line_ids)} tellen in {year} "
            f"op tot {number(total)}% voor deelnemer '{participant}', categorie '{category}'"
            f"{more}; dat mag hoogstens 100% zijn",
        )


def _transfer_overflows(
    ctx: _Context, transfers: Sequence[Transfer], members: list[str]
) -> dict[tuple[str, ...], list[tuple[int, float, str, str]]]:
    """Per set of transfer lines: the (year, total, participant, category) above 100%."""
    found: dict[tuple[str, ...], list[tuple[int, float, str, str]]] = {}
    covered = [(transfer, list(_covered(ctx, transfer, members))) for transfer in transfers]
    if not _may_overflow(covered):
        return found
    for year in range(ctx.first_year, ctx.last_year + 1):
        totals: dict[tuple[str, str], tuple[float, tuple[str, ...]]] = {}
        for transfer, pairs in covered:
            pct = _step_value(transfer.values, year, transfer.until_year)
            if pct == 0:
                continue
            for pair in pairs:
                total, line_ids = totals.get(pair, (0.0, ()))
                totals[pair] = (total + pct, (*line_ids, transfer.id))
        for (participant, category), (total, line_ids) in totals.items():
            if total > 100 + PERCENT_TOLERANCE:
                found.setdefault(line_ids, []).append((year, total, participant, category))
    return found


def _may_overflow(covered: list[tuple[Transfer, list[tuple[str, str]]]]) -> bool:
    """Whether any (participant, category) could reach above 100% in some year: the sum of each
    line's highest percentage bounds every year's total (checking year by year is the slow
    part of validating a case, and an ordinary case stays far below the bound)."""
    bounds: dict[tuple[str, str], float] = {}
    for transfer, pairs in covered:
        highest = max([0.0, *transfer.values.values()])
        for pair in pairs:
            bounds[pair] = bounds.get(pair, 0.0) + highest
    return any(total > 100 + PERCENT_TOLERANCE for total in bounds.values())


def _covered(ctx: _Context, transfer: Transfer, members: list[str]) -> Iterator[tuple[str, str]]:
    participants = [p for p in (transfer.participants or members) if p in members]
    categories = [c for c in (transfer.categories or ctx.categories) if c in ctx.categories]
    for participant in participants:
        for category in categories:
            yield participant, category


# --- the charging design ------------------------------------------------------------------------


def _check_charging_design(ctx: _Context) -> Iterator[CaseError]:
    design = ctx.case.charging_design
    if design is None:
        return
    path = "charging_design"
    yield from _design_scenarios(ctx, design.scenarios, at(path, "scenarios"))
    yield from _key(ctx, design.principles.settlement_key, at(path, "principles", "settlement_key"))
    products = [p.id for p in design.products]
    yield from _duplicates(products, at(path, "products"), "product")
    yield from _duplicates([k.id for k in design.keyed_pools], at(path, "keyed_pools"), "pool")
    for i, pool in enumerate(design.keyed_pools):
        if pool.id in products:
            yield CaseError(
                at(path, "keyed_pools", i, "id"),
                f"'{pool.id}' is al de id van een product; geef de pool een eigen id",
            )
    for i, product in enumerate(design.products):
        yield from _product(ctx, product, at(path, "products", i))
    yield from _tariff_sets(ctx, design, at(path, "tariff_sets"))
    for i, pool in enumerate(design.keyed_pools):
        yield from _keyed_pool(ctx, pool, at(path, "keyed_pools", i))
    yield from _pool_fractions(design, path)
    for category in design.cost_drivers:
        yield from _category(ctx, category, at(path, "cost_drivers", category))
    if design.pre_financing is not None:
        until = design.pre_financing.until_year
        yield from _year(ctx, until, at(path, "pre_financing", "until_year"))
    for i, category in enumerate(design.vat.exempt_categories):
        yield from _category(ctx, category, at(path, "vat", "exempt_categories", i))


def _tariff_sets(ctx: _Context, design: ChargingDesign, path: str) -> Iterator[CaseError]:
    products = {p.id: p for p in design.products}
    seen: dict[int, int] = {}
    for i, tariff_set in enumerate(design.tariff_sets):
        where = at(path, i)
        yield from _year(ctx, tariff_set.year, at(where, "year"))
        if tariff_set.year in seen:
            earlier = at(path, seen[tariff_set.year])
            yield CaseError(
                at(where, "year"), f"er is al een tariefset voor {tariff_set.year} ({earlier})"
            )
        seen.setdefault(tariff_set.year, i)
        for product_id, price in tariff_set.prices.items():
            here = at(where, "prices", product_id)
            product = products.get(product_id)
            if product is None:
                yield CaseError(
                    here, f"onbekend product '{product_id}'; kies een van: {choices(products)}"
                )
            elif not (product.tariff.deviation_reason or "").strip():
                yield CaseError(
                    here,
                    f"een vastgesteld tarief wijkt af van de kostprijs; leg bij product "
                    f"'{product_id}' in 'deviation_reason' vast waarom",
                )
            if price < 0:
                yield CaseError(here, "een tarief kan niet negatief zijn")


def _keyed_pool(ctx: _Context, pool: KeyedPool, path: str) -> Iterator[CaseError]:
    if (pool.category is None) == (pool.line is None):
        yield CaseError(
            path, "geef een sleutelpool óf een categorie ('category') óf een regel ('line')"
        )
    if pool.category is not None:
        yield from _category(ctx, pool.category, at(path, "category"))
    if pool.line is not None and pool.line not in _line_ids_of(ctx):
        yield CaseError(
            at(path, "line"), f"onbekende regel '{pool.line}'; geef de id van een scenarioregel"
        )
    yield from _key(ctx, pool.key, at(path, "key"))
    if pool.budget_eur is not None and pool.per_unit_eur is not None:
        yield CaseError(
            path, "geef een jaarbedrag ('budget_eur') óf een bedrag per eenheid, niet beide"
        )
    if pool.per_unit_eur is not None and pool.key.kind in (
        KeyKind.EQUAL,
        KeyKind.FIXED,
        KeyKind.ORIGIN,
    ):
        yield CaseError(
            at(path, "per_unit_eur"),
            "een bedrag per eenheid vraagt een sleutel met een volume, bijv. 'inhabitants'",
        )
    for name in ("budget_eur", "per_unit_eur"):
        for year, value in (getattr(pool, name) or {}).items():
            yield from _year(ctx, year, at(path, name, str(year)))
            if value < 0:
                yield CaseError(at(path, name, str(year)), "een bedrag kan niet negatief zijn")


def _line_ids_of(ctx: _Context) -> set[str]:
    return {getattr(line, "id", "") for line in ctx.case.lines()}


def _design_scenarios(ctx: _Context, scenarios: list[str], path: str) -> Iterator[CaseError]:
    by_id = {s.id: s for s in ctx.case.scenarios}
    others = [s.id for s in ctx.case.scenarios if s is not ctx.case.baseline_scenario]
    for i, scenario_id in enumerate(scenarios):
        scenario = by_id.get(scenario_id)
        if scenario is None or scenario is ctx.case.baseline_scenario:
            yield CaseError(
                at(path, i),
                f"'{scenario_id}' is geen samenwerkingsscenario; kies een van: {choices(others)}",
            )


def _product(ctx: _Context, product: Product, path: str) -> Iterator[CaseError]:
    if not product.pools:
        yield CaseError(
            at(path, "pools"),
            f"product '{product.id}' heeft geen kostenpool; geef aan welke kosten van de share "
            "het draagt (categorie en deel)",
        )
    for i, pool in enumerate(product.pools):
        yield from _category(ctx, pool.category, at(path, "pools", i, "category"))
    if product.start_year is not None:
        yield from _year(ctx, product.start_year, at(path, "start_year"))
    for participant, volume in product.volumes.items():
        where = at(path, "volumes", participant)
        yield from _participant(ctx, participant, where)
        values = volume if isinstance(volume, dict) else {ctx.first_year: volume}
        for year, value in values.items():
            here = at(where, str(year)) if isinstance(volume, dict) else where
            if isinstance(volume, dict):
                yield from _year(ctx, year, here)
            if value < 0:
                yield CaseError(here, f"een afname kan niet negatief zijn ({number(value)})")
    yield from _tariff(ctx, product, at(path, "tariff"))
    for year, price in (product.market_price_eur or {}).items():
        yield from _year(ctx, year, at(path, "market_price_eur", str(year)))
        if price < 0:
            yield CaseError(
                at(path, "market_price_eur", str(year)), "een prijs kan niet negatief zijn"
            )


def _tariff(ctx: _Context, product: Product, path: str) -> Iterator[CaseError]:
    tariff = product.tariff
    for year, price in (tariff.price_eur or {}).items():
        yield from _year(ctx, year, at(path, "price_eur", str(year)))
        if price < 0:
            yield CaseError(at(path, "price_eur", str(year)), "een tarief kan niet negatief zijn")
    if tariff.price_eur and not (tariff.deviation_reason or "").strip():
        yield CaseError(
            at(path, "deviation_reason"),
            "een vastgesteld tarief wijkt af van de kostprijs; leg in 'deviation_reason' vast "
            "waarom",
        )
    if tariff.kind == TariffKind.TIERED:
        yield from _tiers(tariff.tiers, at(path, "tiers"))


def _tiers(tiers: list[Tier], path: str) -> Iterator[CaseError]:
    if not tiers:
        yield CaseError(path, "een getrapt tarief heeft staffels nodig (van, tot, bedrag)")
        return
    if tiers[0].from_volume != 0:
        yield CaseError(at(path, 0, "from_volume"), "de eerste staffel moet bij 0 beginnen")
    for i, tier in enumerate(tiers):
        upper = tier.to_volume
        if upper is not None and upper <= tier.from_volume:
            yield CaseError(at(path, i, "to_volume"), "'tot' moet groter zijn dan 'van'")
        if i + 1 < len(tiers):
            following = tiers[i + 1].from_volume
            if upper is None:
                yield CaseError(
                    at(path, i, "to_volume"), "alleen de laatste staffel mag geen bovengrens hebben"
                )
            elif following > upper:
                yield CaseError(
                    at(path, i + 1, "from_volume"),
                    f"gat tussen de staffels: {number(upper)} tot {number(following)} valt nergens",
                )
            elif following < upper:
                yield CaseError(
                    at(path, i + 1, "from_volume"),
                    f"de staffels overlappen: {number(following)} tot {number(upper)} valt in twee",
                )


def _pool_fractions(design: ChargingDesign, path: str) -> Iterator[CaseError]:
    taken: dict[str, float] = {}
    for product in design.products:
        for pool in product.pools:
            taken[pool.category] = taken.get(pool.category, 0.0) + pool.fraction
    for keyed in design.keyed_pools:
        if keyed.category is not None:
            taken[keyed.category] = taken.get(keyed.category, 0.0) + keyed.fraction
    for category, fraction in taken.items():
        if fraction > 1 + PERCENT_TOLERANCE / 100:
            yield CaseError(
                path,
                f"de kostenpool '{category}' is voor {number(round(fraction * 100, 2))}% "
                "toegewezen aan producten en sleutels; dat mag ten hoogste 100% zijn",
            )


def _check_benefits(ctx: _Context) -> Iterator[CaseError]:
    from .benefits_validation import check_benefits  # it builds on this module's CaseError

    yield from check_benefits(ctx.case)


def _check_formation(ctx: _Context) -> Iterator[CaseError]:
    from .guidance_validation import check_formation  # it builds on this module's CaseError

    yield from check_formation(ctx.case)


def _check_risks(ctx: _Context) -> Iterator[CaseError]:
    from .risk_validation import check_risks  # it builds on this module's CaseError

    yield from check_risks(ctx.case)


_CHECKS = (
    _check_ids,
    _check_categories,
    _check_cooperation,
    _check_participants,
    _check_baseline_scenario,
    _check_extends,
    _check_scenarios,
    _check_charging_design,
    _check_benefits,
    _check_risks,
    _check_formation,
)
