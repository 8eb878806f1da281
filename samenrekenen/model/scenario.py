"""Scenarios and their lines (domain §2.4).

A scenario is built from lines. Every line has an ``id`` that is unique within its (resolved)
scenario; a scenario that ``extends`` another inherits its lines, replaces a parent line by
giving a line of the same type with the same id, and may drop parent lines with
``remove_lines``. Values are per calendar year: structural lines (transfers, level changes,
staff changes, structural costs, benefits, mark-ups) hold a value from its year until the next
given year and stop after ``until_year``; one-off costs and investments use exactly the given
years. Amounts are at the price basis and are indexed with the line's category index unless
``indexed`` is false.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from .common import AllocationKey, Basis, Id, KeyKind, Model, Sourced, Year, YearValues
from .cooperation import Indexation, VatTreatment
from .participants import DepreciationMethod, FirstDepreciation, InterestRule


class Line(Sourced):
    """Fields every line has."""

    id: Id
    description: str | None = None
    values: YearValues = Field(default_factory=dict)


class BorneLine(Line):
    """A line with a bearer, a category and a basis.

    ``bearer`` is ``share``, a participant id, or ``members`` (every member of the scenario).
    A ``members`` line with an ``allocation_key`` is one total (its basis evaluated over all
    members) split by that key; without a key each member bears its own amount.
    ``charge_key`` decides how a share line is charged to the members (default: the case's
    charging key).
    """

    bearer: str = "share"
    category: str
    basis: Basis = Field(default_factory=Basis)
    indexed: bool = True
    phased: bool = Field(False, description="Scale with the scenario's phased go-live shares.")
    allocation_key: AllocationKey | None = None
    charge_key: AllocationKey | None = None
    vat: VatTreatment | None = None


class StructuralLine(BorneLine):
    """A borne line whose values hold from their year on."""

    until_year: Year | None = Field(None, description="Last year the line applies.")


class Transfer(Line):
    """Knip: the share (``values`` in percent per year) of each listed participant's baseline
    operating cost in the listed categories that moves to the share. The rest stays."""

    participants: list[str] | None = Field(None, description="Participant ids; none = all members.")
    categories: list[str] | None = Field(None, description="Category ids; none = all categories.")
    until_year: Year | None = None
    phased: bool = False
    charge_key: AllocationKey | None = None


class LevelKind(StrEnum):
    """A level change in percent of the current level, or an absolute amount."""

    PERCENT = "percent"
    ABSOLUTE = "absolute"


class LevelChange(StructuralLine):
    """A change of the cost level of a category: percent of what the bearer has in the category
    (a participant: its retained baseline; the share: what was transferred to it), or an
    absolute amount in euros."""

    kind: LevelKind = LevelKind.PERCENT


class StaffChange(StructuralLine):
    """Change in staffing (FTE per year, negative = fewer posts) of a function group.

    Savings count only when ``savings_realised`` is true and from ``realised_from_year`` on —
    the switch where staff savings are most often lost. ``values`` are FTE, not euros.
    """

    category: str = "personele_inzet"
    function_group: str = Field(min_length=1)
    cost_per_fte_eur: float | None = Field(
        None, ge=0, description="Default: the bearer's baseline cost per FTE of the group."
    )
    savings_realised: bool = True
    realised_from_year: Year | None = None


class StructuralCostType(StrEnum):
    """Kinds of new structural costs ("D")."""

    MANAGEMENT = "management"
    HOUSING = "housing"
    RELATION_MANAGEMENT = "relation_management"
    BENEFITS_ADMINISTRATION = "benefits_administration"
    COST_CONTROL_AND_CHARGING = "cost_control_and_charging"
    ARCHITECTURE_POOL = "architecture_pool"
    OPERATIONS_CONTINUITY = "operations_continuity"
    COMMISSIONING = "commissioning"
    INFORMATION_MANAGEMENT = "information_management"
    FUNCTIONAL_MANAGEMENT = "functional_management"
    QUALITY_IMPROVEMENT = "quality_improvement"
    LICENCES = "licences"
    OTHER = "other"


class StructuralCost(StructuralLine):
    """A new structural cost of the share or of participants ("D")."""

    cost_type: StructuralCostType = StructuralCostType.OTHER
    overhead: bool = Field(False, description="Overhead: left out when the scenario says so.")


class OneOffType(StrEnum):
    """Kinds of one-off costs ("B"), expensed in their year."""

    PROJECT_ORGANISATION = "project_organisation"
    INTERIM_STAFFING = "interim_staffing"
    SEVERANCE = "severance"
    STAFF_GUIDANCE = "staff_guidance"
    LICENCES = "licences"
    WORKPLACE_SCRIPTING = "workplace_scripting"
    MIGRATION = "migration"
    TRAINING = "training"
    SERVICE_AGREEMENT = "service_agreement"
    ADVICE_RECRUITMENT = "advice_recruitment"
    OVERDUE_MAINTENANCE = "overdue_maintenance"
    DISINVESTMENT = "disinvestment"
    PROJECT_COSTS = "project_costs"
    OTHER = "other"


class OneOffCost(BorneLine):
    """A one-off cost ("B"), expensed in its year (never capitalised).

    ``checklist_class`` is the classification used for municipal mergers (source 004):
    1 getting the function in order, 2 building the demand function, 3 building the share,
    4 building the service relation, 5 other participant costs.
    """

    cost_type: OneOffType = OneOffType.OTHER
    checklist_class: int | None = Field(None, ge=1, le=5)


class Investment(BorneLine):
    """A capitalised investment: purchases per year (each year a vintage) with their capital
    charges (kapitaallasten) per year and the book value left at the horizon."""

    term_years: int | None = Field(
        None, gt=0, description="Depreciation term; default: the bearer's term for the category."
    )
    method: DepreciationMethod = DepreciationMethod.LINEAR
    first_depreciation: FirstDepreciation = FirstDepreciation.NEXT_YEAR
    interest_rule: InterestRule = InterestRule.BOOK_VALUE_JAN_1
    interest_rate: float | None = Field(
        None, ge=0, le=1, description="Default: the bearer's interest rate."
    )


class Markup(Line):
    """Project-cost mark-up: a one-off project cost of ``values`` percent of the purchases of
    the listed investments in the same year, for the same bearer and category (e.g. an
    implementation costs 100% of the purchase alone, 80% together)."""

    applies_to: list[str] = Field(min_length=1, description="Ids of investment lines.")
    until_year: Year | None = None


class BenefitKind(StrEnum):
    """Kinds of benefits (domain §4)."""

    EFFICIENCY = "efficiency"
    DIRECT_CASH = "direct_cash"
    EFFECTIVENESS = "effectiveness"


class Benefit(StructuralLine):
    """A benefit (baat). A monetised one lowers the bearer's cost in the cost and cash views;
    one that is not (``monetised`` false, no values) has no amounts and is followed by the
    indicators that name it. ``network_node`` is the node of the benefits network it realises;
    ``owner`` who answers for its realisation (baateigenaar)."""

    kind: BenefitKind = BenefitKind.EFFICIENCY
    benefit_area: str | None = Field(None, description="Batengebied.")
    owner: str | None = Field(None, description="Baateigenaar: wie de realisatie bewaakt.")
    network_node: str | None = Field(None, description="Id of a node of the benefits network.")
    monetised: bool = Field(True, description="False: no amounts, followed by indicators.")


class AssetRetirement(Model):
    """Early retirement of an asset of a participant's register: its remaining book value at
    1 January of ``year`` is written off as a disinvestment and its capital charges stop."""

    id: Id
    participant: str
    asset: str
    year: Year


class BearerGroup(StrEnum):
    """Who bears a qualitative item."""

    SHARE = "share"
    PARTICIPANTS = "participants"
    BOTH = "both"


class QualitativeItem(Model):
    """A benefit or cost item of the qualitative overview, monetised or not."""

    id: Id
    description: str
    kind: str = Field("benefit", pattern="^(benefit|cost)$")
    bearer: BearerGroup = BearerGroup.BOTH


class Phase(Model):
    """A go-live step: ``share_pct`` of the phased effects starts at ``go_live``."""

    id: Id
    name: str | None = None
    go_live: date
    share_pct: float = Field(ge=0, le=100)


class Charging(Model):
    """Simple charging of the share's costs: a key per line, with case-wide defaults."""

    default_key: AllocationKey = Field(default_factory=AllocationKey)
    transfer_key: AllocationKey = Field(
        default_factory=lambda: AllocationKey(kind=KeyKind.ORIGIN),
        description="Key for costs transferred in the knip (default: by origin).",
    )


LINE_LISTS: tuple[str, ...] = (
    "transfers",
    "level_changes",
    "staff_changes",
    "structural_costs",
    "one_off_costs",
    "investments",
    "markups",
    "benefits",
    "asset_retirements",
)
"""Names of a scenario's line lists, in the order they are resolved and reported."""


class Scenario(Sourced):
    """A scenario: the baseline scenario (ongewijzigd beleid) or a cooperation variant."""

    id: Id
    name: str = Field(min_length=1)
    description: str | None = None
    is_baseline: bool = False
    extends: str | None = Field(None, description="Id of the scenario whose lines it inherits.")
    members: list[str] | None = Field(
        None, description="Participant ids that cooperate; none = all participants."
    )
    delay_months: int = Field(0, ge=0, le=600)
    phases: list[Phase] = Field(default_factory=list)
    include_overhead: bool = True
    indexation: Indexation | None = Field(None, description="Scenario-specific price index.")
    charging: Charging | None = None
    remove_lines: list[str] = Field(default_factory=list)
    objectives_not_reached: list[str] = Field(default_factory=list)
    transfers: list[Transfer] = Field(default_factory=list)
    level_changes: list[LevelChange] = Field(default_factory=list)
    staff_changes: list[StaffChange] = Field(default_factory=list)
    structural_costs: list[StructuralCost] = Field(default_factory=list)
    one_off_costs: list[OneOffCost] = Field(default_factory=list)
    investments: list[Investment] = Field(default_factory=list)
    markups: list[Markup] = Field(default_factory=list)
    benefits: list[Benefit] = Field(default_factory=list)
    asset_retirements: list[AssetRetirement] = Field(default_factory=list)
    qualitative_items: list[QualitativeItem] = Field(default_factory=list)
