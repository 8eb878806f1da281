"""Indicators (kengetallen) against their targets: per year the target, the measured value and
whether the target is met."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Case, Indicator


@dataclass(frozen=True)
class IndicatorYear:
    """One year of an indicator: its target (None before the first), the value measured (None
    when not measured) and whether the target is met (None when either is missing)."""

    year: int
    target: float | None
    actual: float | None
    met: bool | None


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator with its subject (``benefit`` or ``objective`` and its id), baseline and
    its years (every year with a target or a measured value, in order)."""

    id: str
    name: str
    unit: str | None
    subject_kind: str
    subject: str
    baseline_value: float | None
    baseline_year: int | None
    higher_is_better: bool
    years: list[IndicatorYear]

    def year(self, year: int) -> IndicatorYear | None:
        """The entry of ``year``, when the indicator has a target or a value then."""
        return next((entry for entry in self.years if entry.year == year), None)


def target_in(indicator: Indicator, year: int) -> float | None:
    """The target that applies in ``year``: the latest one set for that year or before."""
    given = [y for y in indicator.targets if y <= year]
    return indicator.targets[max(given)] if given else None


def is_met(actual: float, target: float, higher_is_better: bool) -> bool:
    """Whether a measured value reaches its target (reaching it exactly counts)."""
    return actual >= target if higher_is_better else actual <= target


def indicator_progress(case: Case) -> list[IndicatorProgress]:
    """Every indicator of the case with its targets and measured values per year."""
    measured: dict[str, dict[int, float]] = {}
    for entry in case.actuals.indicators if case.actuals else []:
        measured.setdefault(entry.indicator, {})[entry.year] = entry.value
    return [_progress(indicator, measured.get(indicator.id, {})) for indicator in case.indicators]


def _progress(indicator: Indicator, actuals: dict[int, float]) -> IndicatorProgress:
    years = []
    for year in sorted({*indicator.targets, *actuals}):
        target, actual = target_in(indicator, year), actuals.get(year)
        met = (
            None
            if target is None or actual is None
            else is_met(actual, target, indicator.higher_is_better)
        )
        years.append(IndicatorYear(year, target, actual, met))
    kind, subject = (
        ("benefit", indicator.benefit) if indicator.benefit else ("objective", indicator.objective)
    )
    return IndicatorProgress(
        id=indicator.id,
        name=indicator.name,
        unit=indicator.unit,
        subject_kind=kind,
        subject=subject or "",
        baseline_value=indicator.baseline_value,
        baseline_year=indicator.baseline_year,
        higher_is_better=indicator.higher_is_better,
        years=years,
    )
