"""From uncertain inputs to the engine's variant arrays (:class:`~samenrekenen.engine.Variants`).

A :class:`RiskPlan` compiles the case (with the register's reserve lines) once and maps every
uncertain input to :class:`Effect` values on the variant arrays: a baseline amount moves
``visible``/``hidden`` of one participant and category; a year of a scenario line moves that
line's schedule where the year's value holds; a whole line or a driver series given per year
is scaled; a driver moves the volumes. A line a scenario inherits through ``extends`` is moved
in every scenario that has it unchanged, by the same draw. The delay adds months to the
cooperation scenarios, the benefit realisation scales the cooperation's benefit lines and the
staff-savings switch removes their planned staff savings. The optimism-bias uplift and the
break-even probes are effects too, so every variant is built the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from ..engine import CompiledCase, Variants, compile_case, single_variant
from ..engine.calculate import realisation_months
from ..engine.compile import CompiledScenario
from ..engine.results import FloatArray
from ..engine.timeline import exact_values, held_values, step_values
from ..model import (
    Bandwidth,
    Case,
    Distribution,
    OptimismBias,
    Spread,
    Uncertainty,
)
from ..model.risk import BENEFIT_REALISATION, DELAY, STAFF_SAVINGS
from ..model.risk_validation import Target, TargetKind, resolve_path
from .register import with_register
from .sampling import inverse_cdf

EXACT_LISTS = ("one_off_costs", "investments")
"""Line lists whose values apply in exactly their year (the others hold until the next)."""

COST_LISTS = ("one_off_costs", "investments", "structural_costs")
"""Line lists the cost uplift and the cost-overrun search apply to."""


class EffectKind(Enum):
    """How a drawn value ``x`` changes an array: add ``(x − base) · weight · pattern``, scale
    by ``x ÷ base``, or (the staff switch, ``x`` = 0) drop the planned staff savings."""

    ADD = 1
    SCALE = 2
    SAVINGS = 3


@dataclass(frozen=True)
class Effect:
    """What a drawn value does to one variant array.

    ``array`` is ``visible``, ``hidden``, ``drivers``, ``values`` or ``delay``; ``index`` the
    place after the batch axis (for ``values`` and ``delay`` it starts with the scenario);
    ``pattern`` a yearly pattern for ``add`` on a schedule.
    """

    kind: EffectKind
    array: str
    index: tuple[int, ...]
    base: float = 0.0
    weight: float = 1.0
    pattern: FloatArray | None = None


Changes = Sequence[tuple[Sequence[Effect], FloatArray]]
"""Effects with their values per variant ``[n]``."""


@dataclass(frozen=True)
class UncertainInput:
    """An uncertain input: its name, Dutch label, spread and its effects. The staff switch
    has no distribution: it is 1 (savings realised) with ``probability``, else 0."""

    name: str
    label: str
    low: float
    likely: float
    high: float
    distribution: Distribution | None
    effects: tuple[Effect, ...]
    probability: float = 1.0
    whole: bool = False

    def values(self, u: FloatArray) -> FloatArray:
        """The input's values at cumulative probabilities ``u``."""
        if self.distribution is None:
            return (u < self.probability).astype(np.float64)
        values = inverse_cdf(u, self.low, self.likely, self.high, self.distribution)
        return np.rint(values) if self.whole else values


@dataclass
class RiskPlan:
    """A compiled case with its uncertain inputs and the line sets the uplift and the
    break-even probes act on."""

    case: Case
    cc: CompiledCase
    inputs: list[UncertainInput]
    cost_effects: tuple[Effect, ...]
    benefit_effects: tuple[Effect, ...]
    delay_effects: tuple[Effect, ...]
    duration_effects: tuple[Effect, ...]
    costs_uplift_pct: float
    base: Variants = field(init=False)

    def __post_init__(self) -> None:
        self.base = single_variant(self.cc)

    @property
    def has_uplift(self) -> bool:
        """Whether an optimism-bias uplift is set (non-zero)."""
        return self.costs_uplift_pct > 0 or bool(self.duration_effects)

    def uplift(self, n: int) -> list[tuple[Sequence[Effect], FloatArray]]:
        """The optimism-bias uplift as effects with their values, for ``n`` variants (none
        without an uplift)."""
        if not self.has_uplift:
            return []
        return [
            (self.cost_effects, np.full(n, 100.0 + self.costs_uplift_pct)),
            (self.duration_effects, np.ones(n)),
        ]

    def likely(self) -> FloatArray:
        """Every input at its most likely value ``[inputs]``."""
        return np.array([i.likely for i in self.inputs], dtype=np.float64)

    def with_inputs(self, x: FloatArray) -> list[tuple[Sequence[Effect], FloatArray]]:
        """The inputs' effects with their values ``x`` ``[n, inputs]``."""
        return [(i.effects, x[:, j]) for j, i in enumerate(self.inputs)]

    def variants(self, n: int, changes: Changes) -> Variants:
        """``n`` variants of the case with ``changes`` (effects and their values ``[n]``)
        applied: first every addition, then every scaling, then the staff switch."""
        store = _Store(self.base, self.cc.drivers[None], n)
        for kind in EffectKind:
            for effects, values in changes:
                for effect in effects:
                    if effect.kind is kind:
                        _apply(store.view(effect), effect, values)
        return store.variants()


class _Store:
    """The arrays of ``n`` variants, copied from the single variant on first write."""

    def __init__(self, base: Variants, drivers: FloatArray, n: int) -> None:
        self.base, self.drivers, self.n = base, drivers, n
        self.arrays: dict[tuple[str, int], FloatArray] = {}

    def _repeat(self, array: FloatArray) -> FloatArray:
        return np.broadcast_to(array, (self.n, *array.shape[1:]))

    def _base(self, name: str, s: int) -> FloatArray:
        if name == "values":
            return self.base.values[s]
        if name == "delay":
            return self.base.delay_months[s]
        return self.drivers if name == "drivers" else np.asarray(getattr(self.base, name))

    def view(self, effect: Effect) -> FloatArray:
        """A writable view of the array place ``effect`` acts on."""
        scenario = effect.index[0] if effect.array in ("values", "delay") else -1
        key = (effect.array, scenario)
        if key not in self.arrays:
            self.arrays[key] = self._repeat(self._base(*key)).copy()
        index = effect.index[1:] if scenario >= 0 else effect.index
        place: tuple[slice | int, ...] = (slice(None), *index)
        view: FloatArray = self.arrays[key][place]
        return view

    def _get(self, name: str, s: int = -1) -> FloatArray:
        return self.arrays.get((name, s), self._repeat(self._base(name, s)))

    def variants(self) -> Variants:
        """The variants, with the written arrays and broadcast views of the rest."""
        scenarios = range(len(self.base.values))
        return Variants(
            visible=self._get("visible"),
            hidden=self._get("hidden"),
            values=[self._get("values", s) for s in scenarios],
            members=[self._repeat(m) for m in self.base.members],
            delay_months=[self._get("delay", s) for s in scenarios],
            drivers=self.arrays.get(("drivers", -1)),
        )


def _apply(view: FloatArray, effect: Effect, values: FloatArray) -> None:
    """Apply one effect with its values ``[n]`` to its place in the arrays, in place."""
    shape = (-1,) + (1,) * (view.ndim - 1)
    if effect.kind is EffectKind.ADD:
        delta = ((values - effect.base) * effect.weight).reshape(shape)
        view += delta if effect.pattern is None else delta * effect.pattern
    elif effect.kind is EffectKind.SCALE:
        view *= (values / effect.base).reshape(shape)
    else:
        dropped = (values < 0.5).reshape(shape)
        view[...] = np.where(dropped, np.maximum(view, 0.0), view)


def risk_plan(case: Case) -> RiskPlan:
    """Compile ``case`` (with the register's lines) and map its uncertain inputs to effects."""
    case = with_register(case)
    cc = compile_case(case)
    u = case.uncertainty or Uncertainty()
    cooperation = [k for k, cs in enumerate(cc.scenarios) if not cs.is_baseline]
    benefits = _lines_effects(cc, cooperation, ("benefits",))
    inputs = [_bandwidth_input(cc, b) for b in u.bandwidths]
    if u.delay is not None:
        chosen = u.delay.scenarios
        delay = tuple(
            Effect(EffectKind.ADD, "delay", (k,))
            for k in cooperation
            if chosen is None or cc.scenarios[k].id in chosen
        )
        inputs.append(_special(DELAY, "Vertraging (maanden)", u.delay, delay, whole=True))
    if u.benefit_realisation is not None:
        label = "Realisatie van de baten (%)"
        inputs.append(_special(BENEFIT_REALISATION, label, u.benefit_realisation, benefits))
    if u.staff_savings_probability is not None:
        p = u.staff_savings_probability
        staff = _lines_effects(cc, cooperation, ("staff_changes",), EffectKind.SAVINGS)
        label = "Personele besparing gerealiseerd"
        inputs.append(
            UncertainInput(STAFF_SAVINGS, label, 0.0, float(p >= 0.5), 1.0, None, staff, p)
        )
    bias = u.optimism_bias or OptimismBias()
    return RiskPlan(
        case=case,
        cc=cc,
        inputs=inputs,
        cost_effects=_lines_effects(cc, cooperation, COST_LISTS),
        benefit_effects=benefits,
        delay_effects=tuple(Effect(EffectKind.ADD, "delay", (k,)) for k in cooperation),
        duration_effects=_duration_effects(cc, cooperation, bias.duration_pct),
        costs_uplift_pct=bias.costs_pct,
    )


def _special(
    name: str, label: str, spread: Spread, effects: tuple[Effect, ...], whole: bool = False
) -> UncertainInput:
    return UncertainInput(
        name,
        label,
        spread.low,
        spread.likely,
        spread.high,
        spread.distribution,
        effects,
        whole=whole,
    )


def _lines_effects(
    cc: CompiledCase,
    scenarios: Sequence[int],
    lists: Sequence[str],
    kind: EffectKind = EffectKind.SCALE,
) -> tuple[Effect, ...]:
    """Effects on the cooperation's own lines (not inherited unchanged from the baseline
    scenario) of the given lists; scaling in percent."""
    return tuple(
        Effect(kind, "values", (k, i), base=100.0)
        for k in scenarios
        for i, line in enumerate(cc.scenarios[k].lines)
        if line.line_type in lists and line.delayable
    )


def _duration_effects(
    cc: CompiledCase, scenarios: Sequence[int], duration_pct: float
) -> tuple[Effect, ...]:
    """The duration uplift: ``duration_pct`` of each scenario's realisation time, in whole
    months, added to its delay."""
    if duration_pct <= 0:
        return ()
    effects = []
    for k in scenarios:
        months = float(np.rint(duration_pct / 100.0 * realisation_months(cc.scenarios[k])))
        if months > 0:
            effects.append(Effect(EffectKind.ADD, "delay", (k,), weight=months))
    return tuple(effects)


def _bandwidth_input(cc: CompiledCase, bandwidth: Bandwidth) -> UncertainInput:
    return UncertainInput(
        bandwidth.name,
        bandwidth.label or bandwidth.path,
        bandwidth.low,
        bandwidth.likely,
        bandwidth.high,
        bandwidth.distribution,
        _target_effects(cc, resolve_path(cc.case, bandwidth.path)),
    )


def _target_effects(cc: CompiledCase, target: Target) -> tuple[Effect, ...]:
    """The effects of a bandwidth's target on the variant arrays."""
    if target.kind in (TargetKind.VISIBLE, TargetKind.HIDDEN, TargetKind.STAFFING):
        array = "hidden" if target.kind is TargetKind.HIDDEN else "visible"
        index = (target.participant, cc.categories.index(target.category))
        weight = target.other_factor if target.kind is TargetKind.STAFFING else 1.0
        assert target.value is not None
        return (Effect(EffectKind.ADD, array, index, base=target.value, weight=weight),)
    if target.kind is TargetKind.DRIVER:
        return (_driver_effect(cc, target),)
    return tuple(_line_effect(cc, target, k, i) for k, i in _lines_with(cc, target))


def _driver_effect(cc: CompiledCase, target: Target) -> Effect:
    index = (cc.driver_names.index(target.driver), target.participant)
    if target.value is None:
        return Effect(EffectKind.SCALE, "drivers", index, base=100.0)
    entered = cc.case.participants[target.participant].drivers[target.driver]
    n_years = len(cc.years)
    if isinstance(entered, dict) and target.year is not None:
        marks = {year: float(year == target.year) for year in entered}
        pattern = held_values(marks, cc.years[0], n_years)
    else:
        pattern = np.ones(n_years)
    return Effect(EffectKind.ADD, "drivers", index, base=target.value, pattern=pattern)


def _lines_with(cc: CompiledCase, target: Target) -> list[tuple[int, int]]:
    """(scenario, line) indices of every compiled scenario that has the target's line as it
    is (its own, or inherited unchanged through ``extends``)."""
    found = []
    for k, cs in enumerate(cc.scenarios):
        if target.line not in getattr(cs.source, target.line_list):
            continue
        line_id = target.line.id if target.line is not None else None
        found += [
            (k, i)
            for i, line in enumerate(cs.lines)
            if line.id == line_id and line.line_type == target.line_list
        ]
    return found


def _line_effect(cc: CompiledCase, target: Target, k: int, i: int) -> Effect:
    if target.kind is TargetKind.STAFF_COST or target.value is None:
        base = 100.0 if target.value is None else target.value
        return Effect(EffectKind.SCALE, "values", (k, i), base=base)
    return Effect(
        EffectKind.ADD,
        "values",
        (k, i),
        base=target.value,
        pattern=_year_pattern(cc, cc.scenarios[k], target, i),
    )


def _year_pattern(cc: CompiledCase, cs: CompiledScenario, target: Target, i: int) -> FloatArray:
    """Where one year's value of a line holds in its compiled schedule, per unit of value."""
    line = target.line
    assert line is not None
    values = line.values
    first, n_years = cc.years[0], len(cc.years)
    if target.line_list in EXACT_LISTS:
        return exact_values({target.year or first: 1.0}, first, n_years)
    until = getattr(line, "until_year", None)
    pattern = step_values({y: float(y == target.year) for y in values}, first, n_years, until)
    if target.line_list == "transfers":
        return pattern / 100.0  # compiled transfers are fractions
    if target.line_list == "staff_changes":
        # Years where the switch or realised_from_year removed the savings stay removed.
        entered = step_values(values, first, n_years, until)
        pattern = np.where((entered < 0) & (cs.lines[i].values == 0), 0.0, pattern)
    return pattern
