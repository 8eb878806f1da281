"""Checks of the risk register and the uncertainty block, and what a bandwidth path addresses.

:func:`resolve_path` turns a bandwidth path of the case file into a :class:`Target` (which
baseline amount, driver or scenario line it moves), or raises :class:`PathError` with a Dutch
message; the Monte Carlo (``samenrekenen.risk``) maps targets to the engine's variant arrays.
:func:`check_risks` gives every error of ``risks`` and ``uncertainty`` as :class:`CaseError`
values with the offending field's path; :func:`check_case` calls it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from .case import Case
from .common import SHARE
from .risk import SPECIAL_INPUTS, Correlation, Risk, Spread, Uncertainty
from .scenario import LINE_LISTS, Line
from .validation import CaseError, at, choices, number

MATRIX_TOLERANCE = 1e-9
"""Tolerance of the symmetry, diagonal and semi-definiteness checks of a correlation matrix."""

_TOKEN = re.compile(r"\.?([^.\[\]]+)|\[([^\[\]]+)\]")
_ITEM_KEYS = ("id", "category", "function_group")
"""Fields by which a list item can be named in a path, besides its index."""

_VALUE_LISTS = tuple(name for name in LINE_LISTS if name != "asset_retirements")


class TargetKind(StrEnum):
    """What a bandwidth moves."""

    VISIBLE = "visible"
    HIDDEN = "hidden"
    STAFFING = "staffing"
    DRIVER = "driver"
    LINE = "line"
    STAFF_COST = "staff_cost"


@dataclass(frozen=True)
class Target:
    """What a bandwidth path addresses.

    ``value`` is the entered number, or None for a whole year map (then the bandwidth is in
    percent of the entered values). ``participant`` and ``scenario`` are indices in the case;
    ``other_factor`` is, for staffing, the field that stays (FTE or cost per FTE).
    """

    kind: TargetKind
    value: float | None
    participant: int = -1
    category: str = ""
    driver: str = ""
    scenario: int = -1
    line_list: str = ""
    line: Line | None = None
    year: int | None = None
    other_factor: float = 0.0


class PathError(ValueError):
    """A bandwidth path that does not exist or cannot carry a bandwidth (Dutch message)."""


def resolve_path(case: Case, path: str) -> Target:
    """What ``path`` addresses in ``case``; :class:`PathError` when it cannot carry one."""
    steps, value = _walk(case, path)
    if steps and steps[0] == "charging_design":
        raise PathError(
            "een tarief of volume van de verrekening verandert de business case niet (de "
            "verrekening verdeelt alleen wie wat betaalt); zet de bandbreedte op de kosten "
            "of de volumes zelf"
        )
    target = _target(case, steps, value)
    if target is None:
        raise PathError(
            f"op '{path}' kan geen bandbreedte: kies een bedrag van de nulmeting (visible_eur, "
            "hidden, staffing), een volume (drivers) of de waarden van een scenarioregel "
            "(values, cost_per_fte_eur)"
        )
    return target


def _walk(case: Case, path: str) -> tuple[tuple[str | int, ...], object]:
    """The path's steps (field names, list indices, dict keys) and the value at its end."""
    tokens = list(_TOKEN.finditer(path))
    if not tokens or "".join(t.group(0) for t in tokens) != path or path.startswith("."):
        raise PathError(f"'{path}' is geen geldig pad; schrijf bijv. scenarios[0].values.2027")
    steps: list[str | int] = []
    current: object = case
    for token in tokens:
        name, item = token.group(1), token.group(2)
        where = _shown_path(steps) or "de casus"
        if item is not None:
            index, current = _list_item(current, item, where)
            steps.append(index)
        else:
            key, current = _field(current, name, where)
            steps.append(key)
    return tuple(steps), current


def _shown_path(steps: list[str | int]) -> str:
    return at("", *steps)


def _list_item(current: object, selector: str, where: str) -> tuple[int, object]:
    if not isinstance(current, list):
        raise PathError(f"{where} is geen lijst; '[{selector}]' past hier niet")
    if selector.isdigit():
        index = int(selector)
        if index < len(current):
            return index, current[index]
        raise PathError(f"{where} heeft geen element {index} (er zijn er {len(current)})")
    for index, item in enumerate(current):
        fields = item.__dict__ if isinstance(item, BaseModel) else {}
        if any(fields.get(key) == selector for key in _ITEM_KEYS):
            return index, item
    raise PathError(f"{where} heeft geen element '{selector}'")


def _field(current: object, name: str, where: str) -> tuple[str | int, object]:
    if isinstance(current, BaseModel):
        if name in type(current).model_fields:
            return name, getattr(current, name)
        fields = choices(type(current).model_fields)
        raise PathError(f"{where} heeft geen veld '{name}'; kies een van: {fields}")
    if isinstance(current, dict):
        keys: list[str | int] = [name, int(name)] if name.isdigit() else [name]
        for key in keys:
            if key in current:
                return key, current[key]
        raise PathError(f"{where} heeft geen waarde voor '{name}'")
    raise PathError(f"{where} is een getal of tekst; '.{name}' past hier niet")


def _number(value: object) -> float | None:
    """The value as a number, None for a year map; PathError for anything else."""
    if isinstance(value, bool) or value is None:
        raise PathError("dit veld heeft geen getal; vul het eerst in")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict) and value:
        return None
    raise PathError("dit veld is geen getal en geen reeks getallen per jaar")


def _target(case: Case, steps: tuple[str | int, ...], value: object) -> Target | None:
    """The target of a walked path, or None when its place cannot carry a bandwidth."""
    match steps:
        case ("participants", int(p), "baseline", "costs", int(i), "visible_eur"):
            category = case.participants[p].baseline.costs[i].category
            return Target(TargetKind.VISIBLE, _number(value), participant=p, category=category)
        case ("participants", int(p), "baseline", "costs", int(i), "hidden", int(), "amount_eur"):
            category = case.participants[p].baseline.costs[i].category
            return Target(TargetKind.HIDDEN, _number(value), participant=p, category=category)
        case ("participants", int(p), "baseline", "staffing", int(i), str(name)) if name in (
            "fte",
            "cost_per_fte_eur",
        ):
            staff = case.participants[p].baseline.staffing[i]
            other = staff.cost_per_fte_eur if name == "fte" else staff.fte
            return Target(
                TargetKind.STAFFING,
                _number(value),
                participant=p,
                category=staff.category,
                other_factor=other,
            )
        case ("participants", int(p), "drivers", str(driver), *rest) if len(rest) <= 1:
            year = rest[0] if rest and isinstance(rest[0], int) else None
            return Target(
                TargetKind.DRIVER, _number(value), participant=p, driver=driver, year=year
            )
        case ("scenarios", int(s), "staff_changes", int(i), "cost_per_fte_eur"):
            line = case.scenarios[s].staff_changes[i]
            return Target(
                TargetKind.STAFF_COST,
                _number(value),
                scenario=s,
                line_list="staff_changes",
                line=line,
            )
        case ("scenarios", int(s), str(name), int(i), "values", *rest) if (
            name in _VALUE_LISTS and len(rest) <= 1
        ):
            line = getattr(case.scenarios[s], name)[i]
            year = rest[0] if rest and isinstance(rest[0], int) else None
            return Target(
                TargetKind.LINE, _number(value), scenario=s, line_list=name, line=line, year=year
            )
    return None


# --- checks -------------------------------------------------------------------------------------


def check_risks(case: Case) -> Iterator[CaseError]:
    """Every error of the risk register and the uncertainty block."""
    yield from _register(case)
    if case.uncertainty is not None:
        yield from _uncertainty(case, case.uncertainty)


def _register(case: Case) -> Iterator[CaseError]:
    seen: dict[str, int] = {}
    for index, risk in enumerate(case.risks):
        path = at("risks", index)
        if risk.id in seen:
            yield CaseError(
                at(path, "id"),
                f"risico '{risk.id}' komt al voor bij {at('risks', seen[risk.id])}; "
                "geef elk risico een eigen id",
            )
        seen.setdefault(risk.id, index)
        yield from _risk(case, risk, path)


def _risk(case: Case, risk: Risk, path: str) -> Iterator[CaseError]:
    if risk.impact_eur is not None and risk.impact_months is not None:
        yield CaseError(
            path, "geef de impact in euro's (impact_eur) óf in maanden (impact_months), niet beide"
        )
    if risk.include_reserve and risk.impact_eur is None:
        yield CaseError(
            at(path, "include_reserve"),
            "een reserve is de kans × de impact in euro's; vul impact_eur in",
        )
    yield from _scenario_ids(case, risk.scenarios, at(path, "scenarios"))
    if not (risk.include_reserve or risk.include_mitigation_cost):
        return
    participants = [p.id for p in case.participants]
    if risk.bearer not in (SHARE, *participants):
        yield CaseError(
            at(path, "bearer"),
            f"onbekende drager '{risk.bearer}'; kies share of een van: {choices(participants)}",
        )
    categories = [c.id for c in case.categories]
    if risk.category is None:
        yield CaseError(
            at(path, "category"),
            "kies de categorie waarin de kosten van dit risico in de casus komen",
        )
    elif risk.category not in categories:
        yield CaseError(
            at(path, "category"),
            f"onbekende categorie '{risk.category}'; kies een van: {choices(categories)}",
        )
    coop = case.cooperation
    if risk.year is not None and not coop.first_year <= risk.year <= coop.last_year:
        yield CaseError(
            at(path, "year"),
            f"jaar {risk.year} ligt buiten de looptijd {coop.first_year}–{coop.last_year}",
        )


def _scenario_ids(case: Case, ids: list[str] | None, path: str) -> Iterator[CaseError]:
    known = [s.id for s in case.scenarios]
    for index, scenario_id in enumerate(ids or []):
        if scenario_id not in known:
            yield CaseError(
                at(path, index),
                f"onbekend scenario '{scenario_id}'; kies een van: {choices(known)}",
            )


def _uncertainty(case: Case, u: Uncertainty) -> Iterator[CaseError]:
    paths: dict[str, int] = {}
    for index, bandwidth in enumerate(u.bandwidths):
        path = at("uncertainty.bandwidths", index)
        yield from _spread(bandwidth, path)
        try:
            resolve_path(case, bandwidth.path)
        except PathError as error:
            yield CaseError(at(path, "path"), f"'{bandwidth.path}': {error}")
        if bandwidth.path in paths:
            yield CaseError(
                at(path, "path"),
                f"'{bandwidth.path}' heeft al een bandbreedte bij "
                f"{at('uncertainty.bandwidths', paths[bandwidth.path])}",
            )
        paths.setdefault(bandwidth.path, index)
    if u.delay is not None:
        yield from _spread(u.delay, "uncertainty.delay")
        yield from _whole_months(u.delay, "uncertainty.delay")
        yield from _scenario_ids(case, u.delay.scenarios, "uncertainty.delay.scenarios")
    if u.benefit_realisation is not None:
        yield from _spread(u.benefit_realisation, "uncertainty.benefit_realisation")
        if u.benefit_realisation.low < 0:
            yield CaseError(
                "uncertainty.benefit_realisation.low",
                "een realisatiepercentage kan niet negatief zijn",
            )
    yield from _correlations(u, _input_names(u))


def _spread(spread: Spread, path: str) -> Iterator[CaseError]:
    if spread.low > spread.likely:
        yield CaseError(
            at(path, "low"),
            f"laag ({number(spread.low)}) is groter dan meest waarschijnlijk "
            f"({number(spread.likely)}); laag ≤ meest waarschijnlijk ≤ hoog",
        )
    if spread.likely > spread.high:
        yield CaseError(
            at(path, "high"),
            f"hoog ({number(spread.high)}) is kleiner dan meest waarschijnlijk "
            f"({number(spread.likely)}); laag ≤ meest waarschijnlijk ≤ hoog",
        )


def _whole_months(spread: Spread, path: str) -> Iterator[CaseError]:
    for name in ("low", "likely", "high"):
        value = getattr(spread, name)
        if not float(value).is_integer():
            yield CaseError(at(path, name), f"{number(value)} is geen heel aantal maanden")


def _input_names(u: Uncertainty) -> list[str]:
    """The names correlations may use: bandwidth names and the special inputs present."""
    names = [b.name for b in u.bandwidths]
    present = {
        "delay": u.delay is not None,
        "benefit_realisation": u.benefit_realisation is not None,
        "staff_savings": u.staff_savings_probability is not None,
    }
    return names + [name for name in SPECIAL_INPUTS if present[name]]


def _correlations(u: Uncertainty, names: list[str]) -> Iterator[CaseError]:
    used: dict[str, int] = {}
    for index, correlation in enumerate(u.correlations):
        path = at("uncertainty.correlations", index)
        for position, name in enumerate(correlation.inputs):
            where = at(path, "inputs", position)
            if name not in names:
                yield CaseError(where, f"onbekende invoer '{name}'; kies een van: {choices(names)}")
            elif name in used:
                yield CaseError(
                    where,
                    f"'{name}' staat al in {at('uncertainty.correlations', used[name])}; "
                    "zet gecorreleerde invoer in één matrix",
                )
            used.setdefault(name, index)
        yield from _matrix(correlation, at(path, "matrix"))


def _matrix(correlation: Correlation, path: str) -> Iterator[CaseError]:
    m, size = correlation.matrix, len(correlation.inputs)
    if len(m) != size or any(len(row) != size for row in m):
        yield CaseError(path, f"de matrix moet {size} × {size} zijn, één rij en kolom per invoer")
        return
    problems = [
        CaseError(at(path, i, j), message)
        for i in range(size)
        for j in range(size)
        if (message := _entry_problem(m, i, j))
    ]
    yield from problems
    if not problems and not _semi_definite(m):
        yield CaseError(
            path,
            "deze correlaties passen niet bij elkaar (de matrix is niet positief "
            "semidefiniet); maak de sterkste correlaties zwakker",
        )


def _entry_problem(m: list[list[float]], i: int, j: int) -> str:
    value = m[i][j]
    if i == j and abs(value - 1.0) > MATRIX_TOLERANCE:
        return f"op de diagonaal hoort 1, niet {number(value)}"
    if not -1.0 <= value <= 1.0:
        return f"{number(value)} ligt niet tussen -1 en 1"
    if abs(value - m[j][i]) > MATRIX_TOLERANCE:
        return f"de matrix is niet symmetrisch: {number(value)} tegenover {number(m[j][i])}"
    return ""


def _semi_definite(m: list[list[float]]) -> bool:
    """Whether a symmetric matrix is positive semi-definite: Gaussian elimination without
    pivoting has no negative pivot, and a zero pivot only with a zero column below it."""
    a: list[list[Any]] = [list(row) for row in m]
    size = len(a)
    for k in range(size):
        pivot = a[k][k]
        if pivot < -MATRIX_TOLERANCE:
            return False
        if pivot <= MATRIX_TOLERANCE:
            if any(abs(a[i][k]) > 1e-7 for i in range(k + 1, size)):
                return False
            continue
        for i in range(k + 1, size):
            factor = a[i][k] / pivot
            for j in range(k, size):
                a[i][j] -= factor * a[k][j]
    return True
