"""Participants (deelnemers), their baseline measurement (nulmeting) and the share entity."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from .common import Id, Model, Sourced, Year

STANDARD_DRIVERS: tuple[str, ...] = ("inhabitants", "workplaces", "accounts", "employees")
"""Volume drivers every participant may have; users may add their own names."""

DriverValues = float | dict[int, float]
"""A driver value: one number for every year, or values per year held until the next given
year (years before the first given year take the first value)."""


class HiddenCause(StrEnum):
    """Why a cost is hidden outside the ICT budget (source 000)."""

    PROJECT_BUDGETS = "project_budgets"
    FUNCTIONAL_MANAGEMENT_IN_LINE = "functional_management_in_line"
    ASSETS_BEYOND_LIFE = "assets_beyond_life"
    MANAGEMENT_IN_OVERHEAD = "management_in_overhead"
    TRAINING_IN_HR_BUDGET = "training_in_hr_budget"
    OTHER = "other"


class HiddenAmount(Sourced):
    """A cost that belongs to the category but is paid outside the visible ICT budget."""

    amount_eur: float = Field(ge=0)
    cause: HiddenCause = HiddenCause.OTHER
    description: str | None = None


class BaselineCost(Sourced):
    """Visible and hidden yearly operating cost of one category (price basis, excluding the
    staffing and the capital charges of the asset register, which are recorded separately)."""

    category: str
    visible_eur: float = Field(0.0, ge=0)
    hidden: list[HiddenAmount] = Field(default_factory=list)

    @property
    def hidden_eur(self) -> float:
        """Total of the hidden amounts."""
        return sum(h.amount_eur for h in self.hidden)


class Staffing(Sourced):
    """Staff of one function group: FTE × cost per FTE, part of the visible baseline of its
    category (default: Personele inzet)."""

    function_group: str = Field(min_length=1)
    fte: float = Field(ge=0)
    cost_per_fte_eur: float = Field(ge=0)
    category: str = "personele_inzet"


class DepreciationMethod(StrEnum):
    """How an asset is depreciated."""

    LINEAR = "linear"
    ANNUITY = "annuity"


class FirstDepreciation(StrEnum):
    """When depreciation starts."""

    NEXT_YEAR = "next_year"
    PURCHASE_YEAR = "purchase_year"


class InterestRule(StrEnum):
    """Over which book value interest is charged."""

    BOOK_VALUE_JAN_1 = "book_value_jan_1"
    AVERAGE_BOOK_VALUE = "average_book_value"


class Asset(Sourced):
    """An asset in the register; its capital charges are part of the baseline."""

    id: Id
    description: str | None = None
    category: str
    purchase_year: Year
    amount_eur: float = Field(ge=0)
    term_years: int | None = Field(
        None, gt=0, description="Depreciation term; default: the owner's term for the category."
    )
    method: DepreciationMethod = DepreciationMethod.LINEAR


class Contract(Sourced):
    """A running contract; its end date is a natural moment to switch. Its yearly amount is
    informative and already part of the visible amount of its category."""

    id: Id
    name: str
    supplier: str | None = None
    category: str
    annual_amount_eur: float = Field(0.0, ge=0)
    end_date: dt.date | None = None


class BaselineStatus(StrEnum):
    """Status of a participant's baseline: concept, ingeleverd, gevalideerd."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    VALIDATED = "validated"


class BaselineComment(Model):
    """A comment on a baseline measurement (e.g. by the validating expert)."""

    author: str | None = None
    date: dt.date | None = None
    text: str


class BaselineMeasurement(Sourced):
    """The nulmeting of one participant."""

    status: BaselineStatus = BaselineStatus.DRAFT
    comments: list[BaselineComment] = Field(default_factory=list)
    costs: list[BaselineCost] = Field(default_factory=list)
    staffing: list[Staffing] = Field(default_factory=list)
    assets: list[Asset] = Field(default_factory=list)
    contracts: list[Contract] = Field(default_factory=list)
    service_level_score: float | None = Field(
        None, ge=0, le=10, description="Qualitative service-level score (quality baseline)."
    )


class Participant(Sourced):
    """A deelnemer: a municipality or other body."""

    id: Id
    name: str = Field(min_length=1)
    cbs_code: str | None = Field(None, pattern=r"^GM\d{4}$", description="E.g. GM0392.")
    drivers: dict[str, DriverValues] = Field(
        default_factory=dict, description="Volume drivers, e.g. inhabitants, workplaces."
    )
    interest_rate: float = Field(0.02, ge=0, le=1, description="Interest rate for capital.")
    depreciation_terms: dict[str, int] = Field(
        default_factory=dict, description="Depreciation term in years per category id."
    )
    baseline: BaselineMeasurement = Field(default_factory=BaselineMeasurement)


class SharedService(Sourced):
    """The share: the shared organisation, with no baseline of its own."""

    name: str = "Share"
    interest_rate: float = Field(0.02, ge=0, le=1)
    depreciation_terms: dict[str, int] = Field(default_factory=dict)


class BenchmarkNorms(Sourced):
    """User-entered norms for the benchmark; where absent, the median of the peers is used."""

    per_inhabitant_eur: float | None = Field(None, ge=0)
    per_workplace_eur: float | None = Field(None, ge=0)
    per_fte_eur: float | None = Field(None, ge=0)


DEFAULT_DEPRECIATION_TERM_YEARS = 5
"""Term used when neither the line nor its bearer gives one."""
