"""Hypothesis strategies that generate random valid cases.

:func:`cases` draws a case with 2–5 participants, 1–4 categories, a horizon of 3–8 years and
2–3 scenarios (a baseline with ``is_baseline=True`` and others that extend it, extend each other
or stand alone), with every kind of line. Amounts stay moderate (at most about 1e6) so that
float comparisons are meaningful. Options switch features off for property tests that need a
simpler world (constant prices and volumes, a constant baseline).

Conventions that keep the cases inside the unambiguous part of docs/calculation.md:
the baseline scenario has no share lines, no transfers, no phases and no delay (the share has
no baseline); percent level changes have a fixed basis and no allocation key; a keyed
``members`` staff change gives its cost per FTE; every participant has a staffing record for
every function group used by staff changes; phase go-lives fall on the first of a month
(how a delay of d months moves a go-live inside a month is not pinned down).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from samenrekenen.model import (
    LINE_LISTS,
    MEMBERS,
    SHARE,
    AllocationKey,
    Asset,
    AssetRetirement,
    BaselineCost,
    BaselineMeasurement,
    Basis,
    BasisKind,
    Benefit,
    Case,
    Category,
    Charging,
    Cooperation,
    DepreciationMethod,
    FirstDepreciation,
    HiddenAmount,
    Indexation,
    IndexSeries,
    InterestRule,
    Investment,
    KeyKind,
    LevelChange,
    LevelKind,
    Markup,
    OneOffCost,
    Participant,
    Phase,
    Scenario,
    SharedService,
    StaffChange,
    Staffing,
    StructuralCost,
    Transfer,
)

FUNCTION_GROUPS = ("Management", "Technisch beheer")
DRIVERS = ("inhabitants", "workplaces", "accounts", "employees", "licences")
MAX_TRANSFER_PCT = 25.0
"""Every transfer value is at most 25%; a resolved scenario has at most 4 transfer lines, so
the sum per participant, category and year stays ≤ 100."""


@dataclass(frozen=True)
class Options:
    """Switches for simpler worlds."""

    zero_indexation: bool = False
    constant_drivers: bool = False
    constant_baseline: bool = False
    """Baseline lines are participant/members structural lines with one value from the first
    year on, fixed basis, no key (their effect does not vary over time)."""
    assets: bool = True
    retirements: bool = True
    replace_and_remove: bool = True
    """Child scenarios may replace parent lines by id and remove parent lines."""
    always_extend: bool = False
    """Every other scenario extends the baseline, directly or through another scenario."""


def decimals(low: float, high: float, places: int = 2) -> st.SearchStrategy[float]:
    """Numbers in [low, high] with at most ``places`` decimals (no subnormal oddities)."""
    scale = 10**places
    return st.integers(round(low * scale), round(high * scale)).map(lambda v: v / scale)


def amounts(high: float = 1e6) -> st.SearchStrategy[float]:
    return st.one_of(st.just(0.0), decimals(0, high))


def signed(high: float) -> st.SearchStrategy[float]:
    return decimals(-high, high)


def rates(low: float, high: float) -> st.SearchStrategy[float]:
    return decimals(low, high, places=4)


@st.composite
def index_series(draw: st.DrawFn, years: list[int]) -> IndexSeries:
    rate = draw(rates(-0.02, 0.06))
    by_year = draw(st.dictionaries(st.sampled_from(years), rates(-0.02, 0.08), max_size=3))
    return IndexSeries(rate=rate, rates=by_year)


@st.composite
def indexations(draw: st.DrawFn, years: list[int], categories: list[str]) -> Indexation:
    per_category = draw(
        st.dictionaries(st.sampled_from(categories), index_series(years), max_size=2)
    )
    return Indexation(default=draw(index_series(years)), per_category=per_category)


ZERO_INDEX = Indexation(default=IndexSeries(rate=0.0))


@st.composite
def driver_values(draw: st.DrawFn, years: list[int], constant: bool) -> float | dict[int, float]:
    high = 1e5
    if constant or draw(st.booleans()):
        return draw(amounts(high))
    span = [*range(years[0] - 2, years[0]), *years]
    return draw(st.dictionaries(st.sampled_from(span), amounts(high), min_size=1, max_size=3))


@st.composite
def keys(draw: st.DrawFn, pids: list[str], allow_origin: bool = True) -> AllocationKey:
    kinds = [k for k in KeyKind if allow_origin or k != KeyKind.ORIGIN]
    kind = draw(st.sampled_from(kinds))
    if kind == KeyKind.DRIVER:
        return AllocationKey(kind=kind, driver=draw(st.sampled_from(DRIVERS)))
    if kind == KeyKind.FIXED:
        chosen = draw(st.lists(st.sampled_from(pids), unique=True, max_size=len(pids)))
        return AllocationKey(kind=kind, percentages={p: draw(decimals(0, 100)) for p in chosen})
    return AllocationKey(kind=kind)


@st.composite
def participants(
    draw: st.DrawFn, index: int, years: list[int], categories: list[str], options: Options
) -> Participant:
    pid = f"p{index}"
    drivers = {}
    for name in DRIVERS:
        if draw(st.integers(0, 4)) > 0:
            drivers[name] = draw(driver_values(years, options.constant_drivers))
    costs = [
        BaselineCost(
            category=c,
            visible_eur=draw(amounts()),
            hidden=[
                HiddenAmount(amount_eur=draw(amounts(2e5))) for _ in range(draw(st.integers(0, 2)))
            ],
        )
        for c in categories
        if draw(st.integers(0, 5)) > 0
    ]
    staffing = [
        Staffing(
            function_group=group,
            fte=draw(decimals(0, 10)),
            cost_per_fte_eur=draw(decimals(0, 1e5)),
            category=draw(st.sampled_from(categories)),
        )
        for group in FUNCTION_GROUPS
    ]
    assets = []
    if options.assets:
        for j in range(draw(st.integers(0, 2))):
            assets.append(
                Asset(
                    id=f"a{j}",
                    category=draw(st.sampled_from(categories)),
                    purchase_year=draw(st.integers(years[0] - 8, years[0] - 1)),
                    amount_eur=draw(amounts()),
                    term_years=draw(st.one_of(st.none(), st.integers(1, 10))),
                    method=draw(st.sampled_from(DepreciationMethod)),
                )
            )
    terms = draw(st.dictionaries(st.sampled_from(categories), st.integers(1, 10), max_size=2))
    return Participant(
        id=pid,
        name=f"Gemeente {index}",
        drivers=drivers,
        interest_rate=draw(rates(0, 0.08)),
        depreciation_terms=terms,
        baseline=BaselineMeasurement(costs=costs, staffing=staffing, assets=assets),
    )


@dataclass
class Context:
    """What a line strategy needs to know about the case and the scenario being drawn."""

    years: list[int]
    categories: list[str]
    pids: list[str]
    is_baseline: bool
    options: Options
    asset_ids: dict[str, list[str]]


def year_values(draw: st.DrawFn, ctx: Context, values: st.SearchStrategy[float]) -> dict:
    return draw(st.dictionaries(st.sampled_from(ctx.years), values, min_size=1, max_size=3))


def bearers(draw: st.DrawFn, ctx: Context) -> str:
    if ctx.is_baseline:
        return draw(st.sampled_from([*ctx.pids, MEMBERS]))
    return draw(st.sampled_from([SHARE, SHARE, MEMBERS, *ctx.pids]))


def bases(draw: st.DrawFn) -> Basis:
    kind = draw(st.sampled_from(BasisKind))
    if kind == BasisKind.PER_DRIVER:
        return Basis(kind=kind, driver=draw(st.sampled_from(DRIVERS)))
    return Basis(kind=kind)


def borne_fields(draw: st.DrawFn, ctx: Context, *, amount_high: float) -> dict[str, Any]:
    """Fields of a BorneLine: bearer, category, basis, keys, flags and values."""
    bearer = bearers(draw, ctx)
    basis = bases(draw)
    high = amount_high / 1000 if basis.kind == BasisKind.PER_DRIVER else amount_high
    fields: dict[str, Any] = {
        "bearer": bearer,
        "category": draw(st.sampled_from(ctx.categories)),
        "basis": basis,
        "indexed": draw(st.booleans()),
        "phased": (not ctx.is_baseline) and draw(st.booleans()),
        "high": high,
    }
    if bearer == MEMBERS and draw(st.booleans()):
        fields["allocation_key"] = draw(keys(ctx.pids))
    if bearer == SHARE and draw(st.booleans()):
        fields["charge_key"] = draw(keys(ctx.pids))
    return fields


def constant_line(draw: st.DrawFn, ctx: Context, kind: str, line_id: str) -> Any:
    """A baseline line whose effect is the same every year (for the delay property)."""
    bearer = draw(st.sampled_from([*ctx.pids, MEMBERS]))
    category = draw(st.sampled_from(ctx.categories))
    first = {ctx.years[0]: draw(amounts(1e5))}
    if kind == "level_changes" and draw(st.booleans()):
        return LevelChange(
            id=line_id,
            bearer=bearer,
            category=category,
            kind=LevelKind.PERCENT,
            values={ctx.years[0]: draw(signed(50))},
        )
    if kind == "benefits":
        return Benefit(id=line_id, bearer=bearer, category=category, values=first)
    if kind == "level_changes":
        return LevelChange(
            id=line_id, bearer=bearer, category=category, kind=LevelKind.ABSOLUTE, values=first
        )
    return StructuralCost(id=line_id, bearer=bearer, category=category, values=first)


def line(draw: st.DrawFn, ctx: Context, kind: str, line_id: str, investments: list[str]) -> Any:
    """One random line of list ``kind``."""
    if kind == "transfers":
        return Transfer(
            id=line_id,
            values=year_values(draw, ctx, decimals(0, MAX_TRANSFER_PCT)),
            participants=draw(
                st.one_of(st.none(), st.lists(st.sampled_from(ctx.pids), unique=True))
            ),
            categories=draw(
                st.one_of(
                    st.none(), st.lists(st.sampled_from(ctx.categories), unique=True, min_size=1)
                )
            ),
            until_year=draw(st.one_of(st.none(), st.sampled_from(ctx.years))),
            phased=draw(st.booleans()),
        )
    if kind == "asset_retirements":
        choices = [(p, a) for p, ids in ctx.asset_ids.items() for a in ids]
        p, a = draw(st.sampled_from(choices))
        # The id names the asset, so a resolved scenario retires an asset at most once.
        return AssetRetirement(
            id=f"r-{p}-{a}", participant=p, asset=a, year=draw(st.sampled_from(ctx.years))
        )
    if kind == "markups":
        return Markup(
            id=line_id,
            applies_to=draw(st.lists(st.sampled_from(investments), min_size=1, unique=True)),
            values=year_values(draw, ctx, decimals(0, 100)),
            until_year=draw(st.one_of(st.none(), st.sampled_from(ctx.years))),
        )
    fields = borne_fields(draw, ctx, amount_high=1e6 if kind != "structural_costs" else 2e5)
    high = fields.pop("high")
    until = draw(st.one_of(st.none(), st.sampled_from(ctx.years)))
    if kind == "level_changes":
        if draw(st.booleans()):
            fields.pop("allocation_key", None)
            fields["basis"] = Basis()
            return LevelChange(
                id=line_id,
                kind=LevelKind.PERCENT,
                values=year_values(draw, ctx, signed(50)),
                until_year=until,
                **fields,
            )
        return LevelChange(
            id=line_id,
            kind=LevelKind.ABSOLUTE,
            values=year_values(draw, ctx, signed(high / 10)),
            until_year=until,
            **fields,
        )
    if kind == "staff_changes":
        cpf = draw(st.one_of(st.none(), decimals(0, 1e5)))
        if cpf is None and (fields["bearer"] == SHARE or "allocation_key" in fields):
            cpf = draw(decimals(0, 1e5))
        per_driver = fields["basis"].kind == BasisKind.PER_DRIVER
        fte = decimals(-0.05, 0.05, places=4) if per_driver else signed(5)
        return StaffChange(
            id=line_id,
            function_group=draw(st.sampled_from(FUNCTION_GROUPS)),
            cost_per_fte_eur=cpf,
            savings_realised=draw(st.booleans()),
            realised_from_year=draw(st.one_of(st.none(), st.sampled_from(ctx.years))),
            values=year_values(draw, ctx, fte),
            until_year=until,
            **fields,
        )
    if kind == "structural_costs":
        return StructuralCost(
            id=line_id,
            overhead=draw(st.booleans()),
            values=year_values(draw, ctx, amounts(high)),
            until_year=until,
            **fields,
        )
    if kind == "benefits":
        return Benefit(
            id=line_id, values=year_values(draw, ctx, amounts(high / 5)), until_year=until, **fields
        )
    if kind == "one_off_costs":
        return OneOffCost(id=line_id, values=year_values(draw, ctx, amounts(high)), **fields)
    if kind == "investments":
        return Investment(
            id=line_id,
            values=year_values(draw, ctx, amounts(high)),
            term_years=draw(st.one_of(st.none(), st.integers(1, 10))),
            method=draw(st.sampled_from(DepreciationMethod)),
            first_depreciation=draw(st.sampled_from(FirstDepreciation)),
            interest_rule=draw(st.sampled_from(InterestRule)),
            interest_rate=draw(st.one_of(st.none(), st.just(0.0), rates(0, 0.08))),
            **fields,
        )
    raise ValueError(kind)


LINE_KINDS = LINE_LISTS


@st.composite
def scenario(
    draw: st.DrawFn,
    ctx: Context,
    sid: str,
    parent: str | None,
    parent_lines: dict[str, list[Any]],
) -> tuple[Scenario, dict[str, list[Any]]]:
    """A scenario and its resolved lines per list (for children to extend)."""
    options = ctx.options
    own: dict[str, list[Any]] = {}
    removed: list[str] = []
    for kind in LINE_KINDS:
        if ctx.is_baseline and kind == "transfers":
            own[kind] = []
            continue
        if kind == "asset_retirements" and not (
            options.retirements and any(ctx.asset_ids.values())
        ):
            own[kind] = []
            continue
        lines = []
        inherited = parent_lines.get(kind, [])
        for j in range(draw(st.integers(0, 2))):
            line_id = f"{sid}-{kind}-{j}"
            if options.replace_and_remove and inherited and draw(st.integers(0, 3)) == 0:
                line_id = draw(st.sampled_from(inherited)).id  # replaces a parent line
            if ctx.is_baseline and options.constant_baseline:
                if kind not in ("level_changes", "structural_costs", "benefits"):
                    continue
                new = constant_line(draw, ctx, kind, line_id)
            else:
                investments = [x.id for x in parent_lines.get("investments", [])]
                investments += [x.id for x in own.get("investments", [])]
                if kind == "markups" and not investments:
                    continue
                new = line(draw, ctx, kind, line_id, investments)
            if any(x.id == new.id for x in lines):
                continue
            lines.append(new)
        own[kind] = lines
        if options.replace_and_remove and inherited and draw(st.integers(0, 4)) == 0:
            victim = draw(st.sampled_from(inherited)).id
            if kind not in ("investments",):  # keep mark-up references meaningful
                removed.append(victim)
    resolved: dict[str, list[Any]] = {}
    for kind in LINE_KINDS:
        mine = {x.id: x for x in own[kind]}
        merged = [mine.pop(x.id, x) for x in parent_lines.get(kind, []) if x.id not in removed]
        resolved[kind] = merged + list(mine.values())
    fields: dict[str, Any] = {k: v for k, v in own.items()}
    if not ctx.is_baseline:
        members = draw(
            st.one_of(
                st.none(),
                st.lists(
                    st.sampled_from(ctx.pids), min_size=1, max_size=len(ctx.pids), unique=True
                ),
            )
        )
        first = dt.date(ctx.years[0], 1, 1)
        phases = [
            Phase(
                id=f"{sid}-ph{j}",
                go_live=dt.date(
                    draw(st.integers(first.year - 1, ctx.years[-1] + 1)),
                    draw(st.integers(1, 12)),
                    1,
                ),
                share_pct=draw(decimals(0, 33)),
            )
            for j in range(draw(st.integers(0, 3)))
        ]
        fields.update(
            members=members,
            delay_months=draw(st.integers(0, 30)),
            phases=phases,
            include_overhead=draw(st.booleans()),
            remove_lines=removed,
        )
        if not options.zero_indexation and draw(st.integers(0, 3)) == 0:
            fields["indexation"] = draw(indexations(ctx.years, ctx.categories))
        if draw(st.integers(0, 3)) == 0:
            fields["charging"] = Charging(
                default_key=draw(keys(ctx.pids)), transfer_key=draw(keys(ctx.pids))
            )
    return (
        Scenario(
            id=sid,
            name=f"Scenario {sid}",
            is_baseline=ctx.is_baseline,
            extends=parent,
            **fields,
        ),
        resolved,
    )


@st.composite
def cases(draw: st.DrawFn, options: Options | None = None) -> Case:
    """A random valid case."""
    options = options or Options()
    first_year = draw(st.integers(2020, 2030))
    horizon = draw(st.integers(3, 8))
    years = list(range(first_year, first_year + horizon))
    n_categories = draw(st.integers(1, 4))
    categories = [
        Category(id=f"c{i}", name=f"Categorie {i}", parent="c0" if i and i % 2 else None)
        for i in range(n_categories)
    ]
    category_ids = [c.id for c in categories]
    people = [
        draw(participants(i, years, category_ids, options)) for i in range(draw(st.integers(2, 5)))
    ]
    pids = [p.id for p in people]
    indexation = ZERO_INDEX if options.zero_indexation else draw(indexations(years, category_ids))
    cooperation = Cooperation(
        name="Samenwerking",
        first_year=first_year,
        horizon_years=horizon,
        indexation=indexation,
        discount_rate=draw(st.sampled_from([0.0, 0.0225, 0.05])),
    )
    asset_ids = {p.id: [a.id for a in p.baseline.assets] for p in people}
    scenarios: list[Scenario] = []
    resolved: dict[str, dict[str, list[Any]]] = {}
    for k in range(draw(st.integers(2, 3))):
        sid = f"s{k}"
        is_baseline = k == 0
        parents = [s.id for s in scenarios]
        if is_baseline:
            parent = None
        elif options.always_extend:
            parent = draw(st.sampled_from(parents))
        else:
            parent = draw(st.one_of(st.none(), st.sampled_from(parents)))
        ctx = Context(years, category_ids, pids, is_baseline, options, asset_ids)
        made, lines = draw(scenario(ctx, sid, parent, resolved.get(parent, {}) if parent else {}))
        scenarios.append(made)
        resolved[sid] = lines
    return Case(
        cooperation=cooperation,
        categories=categories,
        participants=people,
        shared_service=SharedService(
            interest_rate=draw(rates(0, 0.08)),
            depreciation_terms=draw(
                st.dictionaries(st.sampled_from(category_ids), st.integers(1, 10), max_size=2)
            ),
        ),
        charging=Charging(
            default_key=draw(keys(pids)),
            transfer_key=draw(st.one_of(st.just(AllocationKey(kind=KeyKind.ORIGIN)), keys(pids))),
        ),
        scenarios=scenarios,
    )
