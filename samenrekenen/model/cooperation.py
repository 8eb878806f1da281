"""The cooperation case's framing: form, scope, horizon, price basis, preconditions, objectives."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .common import Id, Model, Sourced, Year


class CooperationForm(StrEnum):
    """Form of the cooperation (domain §6)."""

    NETWORK = "network"
    HOST_MUNICIPALITY = "host_municipality"
    EXTERNAL_SSC = "external_ssc"
    INTERNAL_SSC = "internal_ssc"
    PROJECT = "project"
    MERGER = "merger"


class ScopeLevel(StrEnum):
    """How far the cooperation reaches (domain §2.1)."""

    JOINT_PROCUREMENT = "joint_procurement"
    JOINT_INFRASTRUCTURE = "joint_infrastructure"
    JOINT_APPLICATIONS = "joint_applications"


class IndexSeries(Model):
    """Price index of one category: a constant rate, or a rate per calendar year.

    Years missing from ``rates`` use ``rate``. The first year of the case is the price basis
    (index 1); the index of a later year is the product of (1 + rate) of the years up to it.
    """

    rate: float = Field(0.02, ge=-0.5, le=1.0, description="Yearly price change as a fraction.")
    rates: dict[int, float] = Field(
        default_factory=dict, description="Year-specific rates (fractions) overriding 'rate'."
    )


class Indexation(Model):
    """Price basis: a default index and optional per-category indices."""

    default: IndexSeries = Field(default_factory=IndexSeries)
    per_category: dict[str, IndexSeries] = Field(
        default_factory=dict, description="Index per category id, overriding the default."
    )


class Preconditions(Sourced):
    """Randvoorwaarden: every scenario is checked against them and breaches are shown."""

    max_realisation_months: int | None = Field(
        None, ge=0, description="Longest acceptable time from the first year to full go-live."
    )
    max_one_off_costs_eur: float | None = Field(
        None, ge=0, description="Largest acceptable total of one-off costs over the horizon."
    )
    no_forced_redundancies: bool = Field(
        False, description="Staff question: no severance costs (afvloeiingskosten) allowed."
    )
    every_participant_better_off: bool = Field(
        False, description="Every member must be better off than alone over the horizon."
    )
    staff_policy: str | None = Field(None, description="How staff questions are handled.")
    quality_and_cost_differences: str | None = Field(
        None, description="How differences in quality and cost level between members are handled."
    )


class Objective(Sourced):
    """A SMART objective with its indicator, measurement method and target."""

    id: Id
    name: str
    indicator: str | None = None
    measurement: str | None = None
    target: str | None = None


class VatTreatment(StrEnum):
    """VAT treatment of an amount (amounts are entered excluding VAT)."""

    COMPENSABLE = "compensable"
    NOT_COMPENSABLE = "not_compensable"
    EXEMPT = "exempt"


class Cooperation(Sourced):
    """The samenwerking: what is being decided on, over which period and price basis."""

    name: str = Field(min_length=1)
    form: CooperationForm = CooperationForm.EXTERNAL_SSC
    domains: list[str] = Field(default_factory=lambda: ["ict"])
    scope_level: ScopeLevel = ScopeLevel.JOINT_APPLICATIONS
    first_year: Year
    horizon_years: int = Field(10, ge=1, le=60, description="Number of years calculated.")
    indexation: Indexation = Field(default_factory=Indexation)
    discount_rate: float = Field(
        0.0, ge=0.0, le=1.0, description="Discount rate for NPV (fraction); 0 = undiscounted."
    )
    vat_default: VatTreatment = VatTreatment.COMPENSABLE
    decision_question: str | None = Field(None, description="The question the council decides.")
    preconditions: Preconditions = Field(default_factory=Preconditions)
    objectives: list[Objective] = Field(default_factory=list)

    @property
    def years(self) -> list[int]:
        """The calendar years of the horizon."""
        return list(range(self.first_year, self.first_year + self.horizon_years))

    @property
    def last_year(self) -> int:
        """The last calendar year of the horizon."""
        return self.first_year + self.horizon_years - 1


DEFAULT_OBJECTIVES = [
    Objective(id="lagere-kosten", name="Lagere gemeentelijke kosten"),
    Objective(id="dienstverlening", name="Betere dienstverlening"),
    Objective(id="ontzorgen", name="Ontzorgen"),
    Objective(id="innovatie", name="Versnelling van innovatie"),
]
"""The KING objectives: the default list of a new case."""
