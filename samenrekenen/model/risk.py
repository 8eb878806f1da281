"""Risks and uncertainty of a case (domain §5): the risk register and the bandwidths.

The register records what can go wrong (:class:`Risk`); a risk may bring its mitigation cost
and its expected value (a reserve) into the case as one-off costs. :class:`Uncertainty` holds
what the probabilistic business case draws from: bandwidths (low / most likely / high) on
numeric inputs addressed by their path in the case file, a delay distribution of the
cooperation's timeline, a benefit-realisation percentage, the staff-savings switch as a
probability, correlations between chosen inputs, and an optional optimism-bias uplift.
None of it changes the deterministic results, except the optimism-bias uplift, which the risk
results show beside the results without it. The rules are in docs/risk.md.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .common import SHARE, Id, Model, Sourced, Year

DELAY = "delay"
"""Input name of the delay distribution (for correlations and sensitivity)."""

BENEFIT_REALISATION = "benefit_realisation"
"""Input name of the benefit-realisation percentage."""

STAFF_SAVINGS = "staff_savings"
"""Input name of the staff-savings switch."""

SPECIAL_INPUTS: tuple[str, ...] = (DELAY, BENEFIT_REALISATION, STAFF_SAVINGS)
"""Input names that are not bandwidth paths."""


class RiskKind(StrEnum):
    """What a risk threatens: costs, benefits, time (the three quantities of source 000) or
    something else."""

    COST = "cost"
    BENEFIT = "benefit"
    TIME = "time"
    OTHER = "other"


class RiskStatus(StrEnum):
    """Where a risk stands: open, being mitigated, closed, or occurred."""

    OPEN = "open"
    MITIGATING = "mitigating"
    CLOSED = "closed"
    OCCURRED = "occurred"


class Risk(Sourced):
    """An entry of the risk register.

    ``impact_eur`` or ``impact_months`` says what happens when the risk occurs (with
    ``probability``). With ``include_mitigation_cost`` the mitigation cost, and with
    ``include_reserve`` the expected value ``probability × impact_eur``, become one-off costs
    of ``bearer`` in ``category`` and ``year`` (default: the first year) in ``scenarios``
    (default: every cooperation scenario) — in the risk results only.
    """

    id: Id
    description: str = Field(min_length=1)
    kind: RiskKind = RiskKind.COST
    probability: float = Field(ge=0, le=1, description="Chance that the risk occurs (0–1).")
    impact_eur: float | None = Field(None, ge=0, description="Impact in euros.")
    impact_months: int | None = Field(None, ge=0, le=600, description="Impact in months.")
    owner: str | None = None
    mitigation: str | None = Field(None, description="What is done about it (beheersmaatregel).")
    mitigation_cost_eur: float = Field(0.0, ge=0)
    status: RiskStatus = RiskStatus.OPEN
    include_mitigation_cost: bool = False
    include_reserve: bool = False
    scenarios: list[str] | None = Field(None, description="Scenario ids; none = every one.")
    bearer: str = SHARE
    category: str | None = Field(None, description="Category of the costs taken into the case.")
    year: Year | None = Field(None, description="Year of the costs; default the first year.")

    @property
    def expected_eur(self) -> float:
        """The expected value of the impact in euros (0 without one)."""
        return self.probability * (self.impact_eur or 0.0)


class Distribution(StrEnum):
    """Shape of a bandwidth between low and high: triangular or PERT (a beta distribution
    that weighs the most likely value four times)."""

    TRIANGULAR = "triangular"
    PERT = "pert"


class Spread(Sourced):
    """Low, most likely and high value of an uncertain quantity, and its distribution."""

    low: float
    likely: float
    high: float
    distribution: Distribution = Distribution.TRIANGULAR


class Bandwidth(Spread):
    """A bandwidth on a numeric input, addressed by its path in the case file.

    A path to one number (``participants[gm9001].baseline.costs[werkplek].visible_eur``,
    ``scenarios[kostenreductie].one_off_costs[migratie].values.2027``) takes low, likely and
    high in that number's unit; a path to a whole year map (``….values``, or a driver given
    per year) takes them in percent of the entered values. List items are named by index or
    by id (category for baseline costs, function group for staffing).
    """

    path: str = Field(min_length=1)
    id: Id | None = Field(None, description="Name for correlations; default the path.")
    label: str | None = Field(None, description="Dutch label in results.")

    @property
    def name(self) -> str:
        """The input's name: its id, or its path."""
        return self.id or self.path


class DelayDistribution(Spread):
    """Delay of the cooperation's timeline in whole months, added to the delay of every
    cooperation scenario (or of ``scenarios``); one draw moves every scenario alike."""

    low: float = Field(ge=0, le=600)
    likely: float = Field(ge=0, le=600)
    high: float = Field(ge=0, le=600)
    scenarios: list[str] | None = Field(None, description="Scenario ids; none = every one.")


class Correlation(Model):
    """Rank correlation between chosen inputs (bandwidth names, ``delay``,
    ``benefit_realisation``, ``staff_savings``): a symmetric, positive semi-definite matrix
    with ones on the diagonal, in the order of ``inputs``."""

    inputs: list[str] = Field(min_length=2)
    matrix: list[list[float]]


class OptimismBias(Sourced):
    """Optimism-bias uplift: ``costs_pct`` on the cooperation's one-off costs, investments and
    new structural costs, and ``duration_pct`` of the realisation time added to the delay."""

    costs_pct: float = Field(0.0, ge=0, le=500)
    duration_pct: float = Field(0.0, ge=0, le=500)


class Uncertainty(Sourced):
    """What the probabilistic business case draws from (domain §5)."""

    bandwidths: list[Bandwidth] = Field(default_factory=list)
    delay: DelayDistribution | None = None
    benefit_realisation: Spread | None = Field(
        None, description="Share of the cooperation's benefits realised, in percent."
    )
    staff_savings_probability: float | None = Field(
        None, ge=0, le=1, description="Chance that the planned staff savings are realised."
    )
    correlations: list[Correlation] = Field(default_factory=list)
    optimism_bias: OptimismBias | None = None
    latin_hypercube: bool = False
    draws: int = Field(10000, ge=1, le=1_000_000, description="Default number of draws.")
    seed: int | None = Field(None, ge=0, description="Default seed; none = a fresh one.")
