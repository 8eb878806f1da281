"""The charging design (verrekening) of the share's costs: principles, service catalogue, tariffs,
keys for what is not sold as a product, and the settlement (nacalculatie). Domain §3.

A design replaces the engine's simple keys (``Case.charging``) when a participant's bill is
shown: the share's yearly costs per category are its cost pools; each product takes a fraction
of one or more pools as direct costs, the indirect remainder goes to the products pro rata to
their direct costs, and pools sold as no product are charged by an allocation key. Amounts are
euros excluding VAT per year.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from .common import AllocationKey, Id, KeyKind, Model
from .cooperation import VatTreatment


class Coverage(StrEnum):
    """Whether the tariffs cover exactly the share's costs or add a margin (a reserve)."""

    FULL = "full"
    MARGIN = "margin"


class Development(StrEnum):
    """How (further) development of the share is paid."""

    TARIFFS = "tariffs"
    SEPARATE = "separate"


class SettlementRule(StrEnum):
    """What happens with the year's surplus or deficit (costs minus charges)."""

    BY_KEY = "by_key"
    NONE = "none"


class InvoiceMoments(StrEnum):
    """How often the share invoices its members in a year (in the DFA)."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class Principles(Model):
    """Step 1 of the charging design: the principles the board decides first."""

    coverage: Coverage = Field(Coverage.FULL, description="full: integrale kostendekking.")
    margin_pct: float = Field(
        0.0, ge=0, le=50, description="Opslag voor een reserve bij coverage 'margin' (%)."
    )
    development: Development = Field(
        Development.TARIFFS, description="Doorontwikkeling uit de tarieven of apart gefinancierd."
    )
    settlement: SettlementRule = Field(
        SettlementRule.BY_KEY, description="Nacalculatie van het resultaat: by_key of none."
    )
    settlement_key: AllocationKey = Field(
        default_factory=lambda: AllocationKey(kind=KeyKind.EQUAL),
        description="Sleutel waarmee een tekort of overschot wordt verrekend.",
    )
    invoice_moments: InvoiceMoments = Field(
        InvoiceMoments.QUARTERLY, description="Factuurmomenten per jaar (in het DFA)."
    )
    efficiency_target_pct: float | None = Field(
        None, ge=0, le=50, description="Jaarlijkse efficiencytaakstelling voor de share (%)."
    )


class ProductUnit(StrEnum):
    """Units of a product in the service catalogue."""

    WORKPLACE = "workplace"
    ACCOUNT = "account"
    SERVICE = "service"
    EMPLOYEE = "employee"
    INVOICE = "invoice"
    PAYSLIP = "payslip"
    INHABITANT = "inhabitant"
    GB = "gb"
    APPLICATION = "application"
    HOUR = "hour"
    FIXED = "fixed"


class TariffKind(StrEnum):
    """Tariff models (step 4): vast, getrapt, variabel, samengesteld."""

    FIXED = "fixed"
    TIERED = "tiered"
    VARIABLE = "variable"
    COMPOSITE = "composite"


class Tier(Model):
    """A volume band of a tiered tariff: a participant whose volume lies in
    [from_volume, to_volume) pays ``amount_eur`` a year."""

    from_volume: float = Field(ge=0)
    to_volume: float | None = Field(None, description="Open at the top when empty.")
    amount_eur: float = Field(ge=0)


class PoolShare(Model):
    """A fraction of one of the share's cost pools (a cost category) taken by a product as
    direct costs."""

    category: str
    fraction: float = Field(1.0, gt=0, le=1)


class Tariff(Model):
    """How a product is charged. Without ``price_eur`` the tariff follows the cost price;
    with it the tariff is set deliberately, and ``deviation_reason`` says why."""

    kind: TariffKind = TariffKind.VARIABLE
    fixed_fraction: float = Field(
        0.5, ge=0, le=1, description="Samengesteld: deel van de kosten als vast bedrag."
    )
    tiers: list[Tier] = Field(default_factory=list)
    price_eur: dict[int, float] | None = Field(
        None,
        description=(
            "Vastgesteld tarief per jaar (stap 5): per eenheid bij variabel en samengesteld, per "
            "deelnemer bij vast; geldt vanaf dat jaar tot het volgende."
        ),
    )
    deviation_reason: str | None = Field(None, description="Waarom het tarief afwijkt.")
    decision: str | None = Field(None, description="Het besluit dat het tarief vaststelde.")


class Product(Model):
    """A product of the service catalogue (PDC) with its volumes and tariff."""

    id: Id
    name: str = Field(min_length=1)
    unit: ProductUnit = ProductUnit.SERVICE
    service_level: str | None = None
    start_year: int | None = Field(
        None, description="Jaar waarin de share het product gaat leveren (eerder: geen factuur)."
    )
    pools: list[PoolShare] = Field(
        default_factory=list, description="Directe kosten: delen van kostenpools van de share."
    )
    volumes: dict[str, float | dict[int, float]] = Field(
        default_factory=dict, description="Afname per deelnemer (per jaar, of één getal)."
    )
    tariff: Tariff = Field(default_factory=Tariff)
    market_price_eur: dict[int, float] | None = Field(
        None, description="Marktprijs per eenheid per jaar, om de kostprijs mee te vergelijken."
    )


TARIFF_STREAM = "tarieven"
"""The financing stream of the products: operations and infrastructure paid from tariffs."""


class TariffSet(Model):
    """A tariff set adopted by the board for a year (step 7, maintenance): prices per product
    (per unit, or per participant for fixed tariffs) that hold from ``year`` until the next set;
    products it does not name keep their tariff."""

    year: int
    decision: str = Field(min_length=1, description="Het besluit, bijv. 'AB 12 maart 2026'.")
    decided_on: dt.date | None = None
    prices: dict[str, float] = Field(default_factory=dict, description="Prijs per product-id.")


class KeyedPool(Model):
    """Costs that are not sold as a product but charged by a key, as a financing stream of its
    own: a fraction of a cost pool (``category``) or the share's cost of one scenario line
    (``line``: a participant-specific project charged 100% to that participant, a founding
    investment charged directly, the extra costs of a policy deviation).

    The charge is the cost, unless the board decided an amount: ``budget_eur`` a yearly total
    (an innovation budget), ``per_unit_eur`` an amount per unit of the key's driver (a
    contribution per inhabitant). The difference with the cost is settled."""

    id: Id
    name: str = Field(min_length=1)
    stream: str = Field("sleutels", min_length=1, description="Financieringsstroom.")
    category: str | None = None
    line: str | None = Field(None, description="Id van een regel van het scenario.")
    fraction: float = Field(1.0, gt=0, le=1)
    key: AllocationKey = Field(default_factory=AllocationKey)
    budget_eur: dict[int, float] | None = Field(None, description="Vastgesteld jaarbedrag.")
    per_unit_eur: dict[int, float] | None = Field(
        None, description="Vastgestelde bijdrage per eenheid van de sleutel (bijv. per inwoner)."
    )


class ExitFeeStep(Model):
    """From ``after_years`` of membership on, a leaving member pays ``stranded_years`` times
    its last yearly bill: the share's costs that do not leave with it."""

    after_years: int = Field(ge=0)
    stranded_years: float = Field(ge=0, le=10)


def _default_exit_fee() -> list[ExitFeeStep]:
    return [
        ExitFeeStep(after_years=0, stranded_years=3),
        ExitFeeStep(after_years=3, stranded_years=2),
        ExitFeeStep(after_years=5, stranded_years=1),
    ]


class EntryExitTerms(Model):
    """Terms of entry and exit (toetreding en uittreding): the exit fee schedule (high in the
    first years, lower after about five), one-off friction costs of leaving, and a newcomer's
    one-off connection costs and joining fee.

    The common assets are the share's investments: a leaver pays ``exit_book_value_pct`` % of
    its part of their book value at 1 January of the year it leaves (the charges it leaves
    behind), a newcomer ``joining_book_value_pct`` % of its part of the assets the members
    financed before it came. A member's part is its share in the members' bills: the last year
    before leaving, the first year after joining."""

    exit_fee: list[ExitFeeStep] = Field(default_factory=_default_exit_fee)
    exit_friction_eur: float = Field(0.0, ge=0, description="Frictiekosten van uittreden.")
    exit_book_value_pct: float = Field(
        0.0,
        ge=0,
        le=100,
        description="Deel van zijn aandeel in de boekwaarde dat een uittreder betaalt.",
    )
    connection_cost_eur: float = Field(0.0, ge=0, description="Eenmalige aansluitkosten.")
    joining_fee_eur: float = Field(0.0, ge=0, description="Toetredingsvergoeding.")
    joining_book_value_pct: float = Field(
        0.0,
        ge=0,
        le=100,
        description="Deel van zijn aandeel in de boekwaarde dat een toetreder betaalt.",
    )


class VatSettings(Model):
    """VAT (btw) of the cooperation: amounts in the case are excluding VAT. ``charges``: the
    treatment of the share's charges to the members (exempt under the cost-sharing exemption,
    compensable, or a real cost); ``share_purchases``: of the share's own purchases where a line
    says nothing; ``exempt_categories``: categories without VAT (staff)."""

    rate_pct: float = Field(21.0, ge=0, le=100)
    charges: VatTreatment = VatTreatment.EXEMPT
    share_purchases: VatTreatment = VatTreatment.COMPENSABLE
    exempt_categories: list[str] = Field(default_factory=lambda: ["personele_inzet"])


class PreFinancing(Model):
    """Pre-financing of the start-up by a third party (a province, a bank): what the charges
    do not cover up to and including ``until_year`` the financier pays; it is paid back with
    interest as an annuity over ``recovery_years`` through a surcharge on the bills."""

    financier: str = Field(min_length=1)
    until_year: int
    recovery_years: int = Field(5, ge=1, le=30)
    interest_rate: float = Field(0.0, ge=0, le=0.2, description="Rente (fractie, 0,03 = 3%).")


class ChargingDesign(Model):
    """The charging design of a case. ``scenarios`` names the cooperation scenarios it applies
    to (empty: every scenario that is not the baseline)."""

    scenarios: list[str] = Field(default_factory=list)
    principles: Principles = Field(default_factory=Principles)
    products: list[Product] = Field(default_factory=list)
    tariff_sets: list[TariffSet] = Field(
        default_factory=list, description="Vastgestelde tariefsets per jaar, met hun besluit."
    )
    keyed_pools: list[KeyedPool] = Field(default_factory=list)
    entry_exit: EntryExitTerms = Field(default_factory=EntryExitTerms)
    vat: VatSettings = Field(default_factory=VatSettings)
    pre_financing: PreFinancing | None = None
    cost_drivers: dict[str, ProductUnit] = Field(
        default_factory=dict,
        description=(
            "Wat de kosten van een kostenpool (categorie) drijft, voor de toets op prikkels; "
            "de standaardcategorieën hebben een standaard."
        ),
    )
