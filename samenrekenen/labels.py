"""Dutch names of the case model for everything a user reads: the labels and hints of fields,
the names of items and of enum values, and of volume drivers.

Screens (the web forms), the council report and the exports take their words from here, so one
concept has one Dutch name everywhere.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel

from samenrekenen.labels_guidance import (
    GUIDANCE_ENUM_LABELS,
    GUIDANCE_FIELD_LABELS,
    GUIDANCE_ITEM_LABELS,
)
from samenrekenen.labels_steering import (
    STEERING_ENUM_LABELS,
    STEERING_FIELD_LABELS,
    STEERING_ITEM_LABELS,
)
from samenrekenen.model import Case
from samenrekenen.model.charging import (
    ChargingDesign,
    Coverage,
    Development,
    EntryExitTerms,
    ExitFeeStep,
    InvoiceMoments,
    KeyedPool,
    PoolShare,
    PreFinancing,
    Principles,
    Product,
    ProductUnit,
    SettlementRule,
    Tariff,
    TariffKind,
    TariffSet,
    Tier,
    VatSettings,
)
from samenrekenen.model.common import (
    AllocationKey,
    Basis,
    BasisKind,
    KeyKind,
)
from samenrekenen.model.cooperation import IndexSeries, VatTreatment
from samenrekenen.model.participants import (
    Asset,
    BaselineComment,
    BaselineCost,
    BaselineStatus,
    Contract,
    DepreciationMethod,
    FirstDepreciation,
    HiddenAmount,
    HiddenCause,
    InterestRule,
    Participant,
    Staffing,
)
from samenrekenen.model.scenario import (
    AssetRetirement,
    BearerGroup,
    Benefit,
    BenefitKind,
    Investment,
    LevelChange,
    LevelKind,
    Markup,
    OneOffCost,
    OneOffType,
    Phase,
    QualitativeItem,
    Scenario,
    StaffChange,
    StructuralCost,
    StructuralCostType,
    StructuralLine,
    Transfer,
)

# --- Dutch labels -------------------------------------------------------------------------------


FIELD_LABELS: dict[str, str] = {
    # records in general
    "id": "Code",
    "name": "Naam",
    "description": "Omschrijving",
    "source": "Bron",
    "category": "Categorie",
    # source notes
    "supplied_by": "Aangeleverd door",
    "document": "Document",
    "date": "Datum",
    "note": "Toelichting",
    # participant
    "cbs_code": "CBS-code",
    "drivers": "Volumedrivers",
    "interest_rate": "Rente (fractie)",
    "depreciation_terms": "Afschrijvingstermijnen per categorie (jaren)",
    "baseline": "Nulmeting",
    # baseline measurement
    "status": "Status",
    "comments": "Opmerkingen",
    "costs": "Kosten per categorie",
    "staffing": "Personele bezetting",
    "assets": "Activaregister",
    "contracts": "Lopende contracten",
    "service_level_score": "Score dienstverleningsniveau (0–10)",
    "visible_eur": "Zichtbaar bedrag (€)",
    "hidden": "Verborgen bedragen",
    "amount_eur": "Bedrag (€)",
    "cause": "Oorzaak",
    "function_group": "Functiegroep",
    "fte": "Fte",
    "cost_per_fte_eur": "Kosten per fte (€)",
    "purchase_year": "Aanschafjaar",
    "term_years": "Afschrijvingstermijn (jaren)",
    "method": "Afschrijvingsmethode",
    "supplier": "Leverancier",
    "annual_amount_eur": "Jaarbedrag (€)",
    "end_date": "Einddatum",
    "author": "Auteur",
    "text": "Opmerking",
    # lines
    "values": "Waarden per jaar",
    "bearer": "Drager",
    "basis": "Grondslag",
    "driver": "Volumedriver",
    "indexed": "Geïndexeerd",
    "phased": "Gefaseerd (volgt de fasering van het scenario)",
    "allocation_key": "Verdeelsleutel",
    "charge_key": "Doorbelastingssleutel",
    "vat": "Btw-behandeling",
    "until_year": "Tot en met jaar",
    "participants": "Deelnemers",
    "categories": "Categorieën",
    "savings_realised": "Besparing gerealiseerd",
    "realised_from_year": "Gerealiseerd vanaf jaar",
    "cost_type": "Soort kosten",
    "overhead": "Overhead",
    "checklist_class": "Checklistklasse (fusies)",
    "first_depreciation": "Eerste afschrijving",
    "interest_rule": "Rente berekend over",
    "applies_to": "Geldt voor de investeringen",
    "benefit_area": "Batengebied",
    "owner": "Baateigenaar",
    "network_node": "Knoop in het batennetwerk",
    "monetised": "In geld uitgedrukt",
    "participant": "Deelnemer",
    "asset": "Activum",
    "year": "Jaar",
    "go_live": "Datum livegang",
    "share_pct": "Aandeel (%)",
    "percentages": "Vaste percentages per deelnemer",
    # charging and indexation
    "default_key": "Standaardsleutel",
    "transfer_key": "Sleutel voor de knip",
    "default": "Standaardindex",
    "per_category": "Index per categorie",
    "rate": "Prijsstijging per jaar (fractie)",
    "rates": "Afwijkende prijsstijging per jaar (fractie)",
    # scenario
    "is_baseline": "Basisscenario (ongewijzigd beleid)",
    "extends": "Bouwt voort op scenario",
    "members": "Deelnemende gemeenten",
    "delay_months": "Vertraging (maanden)",
    "phases": "Fasering",
    "include_overhead": "Overhead meenemen",
    "indexation": "Eigen prijsindex van dit scenario",
    "charging": "Eigen doorbelasting van dit scenario",
    "remove_lines": "Geërfde regels weglaten",
    "objectives_not_reached": "Doelen die niet worden bereikt",
    "transfers": "Knip (overdracht naar de share)",
    "level_changes": "Niveauwijzigingen",
    "staff_changes": "Personele wijzigingen",
    "structural_costs": "Nieuwe structurele kosten (D)",
    "one_off_costs": "Eenmalige kosten (B)",
    "investments": "Investeringen",
    "markups": "Projectkostenopslagen",
    "benefits": "Baten",
    "asset_retirements": "Vervroegde buitengebruikstelling van activa",
    "qualitative_items": "Kwalitatieve posten",
}
"""Dutch label of every field name of the edited models."""

MODEL_FIELD_LABELS: dict[tuple[type[BaseModel], str], str] = {
    (Case, "charging_design"): "Verrekening",
    (ChargingDesign, "scenarios"): "Geldt voor de scenario's",
    (ChargingDesign, "principles"): "Uitgangspunten",
    (ChargingDesign, "products"): "Producten en diensten (PDC)",
    (ChargingDesign, "tariff_sets"): "Tariefsets per jaar",
    (TariffSet, "year"): "Geldt vanaf",
    (TariffSet, "decision"): "Besluit",
    (TariffSet, "decided_on"): "Datum van het besluit",
    (TariffSet, "prices"): "Tarief per product",
    (ChargingDesign, "keyed_pools"): "Kosten met een verdeelsleutel (financieringsstromen)",
    (ChargingDesign, "entry_exit"): "Toe- en uittreding",
    (ChargingDesign, "vat"): "Btw",
    (ChargingDesign, "cost_drivers"): "Kostendrijver per kostenpool",
    (ChargingDesign, "pre_financing"): "Voorfinanciering door een derde",
    (PreFinancing, "financier"): "Financier",
    (PreFinancing, "until_year"): "Voorgefinancierd tot en met",
    (PreFinancing, "recovery_years"): "Terugbetaald in jaren",
    (PreFinancing, "interest_rate"): "Rente (fractie, 0,03 = 3%)",
    (Principles, "coverage"): "Kostendekking",
    (Principles, "margin_pct"): "Opslag voor een reserve (%)",
    (Principles, "development"): "Doorontwikkeling",
    (Principles, "settlement"): "Nacalculatie",
    (Principles, "settlement_key"): "Sleutel van de nacalculatie",
    (Principles, "efficiency_target_pct"): "Efficiencytaakstelling per jaar (%)",
    (Principles, "invoice_moments"): "Factuurmomenten",
    (Product, "unit"): "Eenheid",
    (Product, "service_level"): "Dienstverleningsniveau",
    (Product, "start_year"): "Geleverd vanaf",
    (Product, "pools"): "Directe kosten (kostenpools)",
    (Product, "volumes"): "Afname per deelnemer",
    (Product, "tariff"): "Tarief",
    (Product, "market_price_eur"): "Marktprijs per eenheid per jaar",
    (PoolShare, "fraction"): "Deel (0–1)",
    (Tariff, "kind"): "Tariefmodel",
    (Tariff, "fixed_fraction"): "Vast deel bij samengesteld (0–1)",
    (Tariff, "tiers"): "Staffels",
    (Tariff, "price_eur"): "Vastgesteld tarief per jaar",
    (Tariff, "deviation_reason"): "Reden van afwijking van de kostprijs",
    (Tariff, "decision"): "Besluit",
    (Tier, "from_volume"): "Van (afname)",
    (Tier, "to_volume"): "Tot (afname)",
    (KeyedPool, "stream"): "Financieringsstroom",
    (KeyedPool, "line"): "Regel",
    (KeyedPool, "fraction"): "Deel (0–1)",
    (KeyedPool, "key"): "Verdeelsleutel",
    (KeyedPool, "budget_eur"): "Vastgesteld jaarbedrag",
    (KeyedPool, "per_unit_eur"): "Vastgestelde bijdrage per eenheid",
    (EntryExitTerms, "exit_fee"): "Uittreedvergoeding (staffel)",
    (EntryExitTerms, "exit_friction_eur"): "Frictiekosten bij uittreden",
    (
        EntryExitTerms,
        "exit_book_value_pct",
    ): "Uittreder betaalt van zijn deel van de boekwaarde (%)",
    (EntryExitTerms, "connection_cost_eur"): "Aansluitkosten bij toetreden",
    (EntryExitTerms, "joining_fee_eur"): "Toetredingsvergoeding",
    (
        EntryExitTerms,
        "joining_book_value_pct",
    ): "Toetreder betaalt van zijn deel van de boekwaarde (%)",
    (ExitFeeStep, "after_years"): "Vanaf jaren lidmaatschap",
    (ExitFeeStep, "stranded_years"): "Jaren achterblijvende kosten",
    (VatSettings, "rate_pct"): "Btw-tarief (%)",
    (VatSettings, "charges"): "Btw op de facturen van de share",
    (VatSettings, "share_purchases"): "Btw op inkopen van de share",
    (VatSettings, "exempt_categories"): "Categorieën zonder btw",
    (Basis, "kind"): "Grondslag",
    (AllocationKey, "kind"): "Soort sleutel",
    (LevelChange, "kind"): "Soort wijziging",
    (Benefit, "kind"): "Soort baat",
    (QualitativeItem, "kind"): "Baat of kosten",
    (Transfer, "values"): "Percentage naar de share per jaar",
    (LevelChange, "values"): "Wijziging per jaar (% of €)",
    (StaffChange, "values"): "Wijziging in fte per jaar",
    (StructuralCost, "values"): "Bedrag per jaar (€)",
    (OneOffCost, "values"): "Bedrag per jaar (€)",
    (Investment, "values"): "Aanschaf per jaar (€)",
    (Markup, "values"): "Opslag per jaar (% van de aanschaf)",
    (Benefit, "values"): "Baat per jaar (€)",
    (Investment, "interest_rate"): "Rente (fractie)",
    (Phase, "name"): "Naam van de fase",
    (Contract, "name"): "Naam van het contract",
    (HiddenAmount, "description"): "Toelichting",
    (Asset, "amount_eur"): "Aanschafbedrag (€)",
    (Transfer, "phased"): "Gefaseerd (volgt de fasering van het scenario)",
    (Participant, "name"): "Naam",
}
"""Labels of fields whose meaning depends on the model (looked up along the class hierarchy)."""

ITEM_LABELS: dict[type[BaseModel], str] = {
    Product: "Product",
    TariffSet: "Tariefset",
    PoolShare: "Kostenpool",
    Tier: "Staffel",
    KeyedPool: "Sleutelpool",
    ExitFeeStep: "Stap",
    Transfer: "Knipregel",
    LevelChange: "Niveauwijziging",
    StaffChange: "Personele wijziging",
    StructuralCost: "Structurele kostenregel",
    OneOffCost: "Eenmalige kostenregel",
    Investment: "Investering",
    Markup: "Opslag",
    Benefit: "Baat",
    AssetRetirement: "Buitengebruikstelling",
    QualitativeItem: "Kwalitatieve post",
    Phase: "Fase",
    BaselineCost: "Kostenregel",
    HiddenAmount: "Verborgen bedrag",
    Staffing: "Functiegroep",
    Asset: "Activum",
    Contract: "Contract",
    BaselineComment: "Opmerking",
    Scenario: "Scenario",
    IndexSeries: "Index",
}
"""Dutch name of one item of a list (legends, add buttons)."""

ENUM_LABELS: dict[type[Enum], dict[str, str]] = {
    Coverage: {"full": "Integrale kostendekking", "margin": "Met een opslag voor een reserve"},
    InvoiceMoments: {
        "monthly": "Maandelijks",
        "quarterly": "Per kwartaal",
        "half_yearly": "Per halfjaar",
        "yearly": "Jaarlijks",
    },
    Development: {"tariffs": "Uit de tarieven", "separate": "Apart gefinancierd"},
    SettlementRule: {
        "by_key": "Nacalculatie met een sleutel",
        "none": "Geen: het resultaat blijft bij de share",
    },
    TariffKind: {
        "fixed": "Vast bedrag per deelnemer",
        "tiered": "Getrapt (staffels)",
        "variable": "Variabel (prijs × afname)",
        "composite": "Samengesteld (vast + variabel)",
    },
    ProductUnit: {
        "workplace": "Werkplek",
        "account": "Account",
        "service": "Dienst",
        "employee": "Medewerker",
        "invoice": "Factuur",
        "payslip": "Loonstrook",
        "inhabitant": "Inwoner",
        "gb": "GB opslag",
        "application": "Applicatie",
        "hour": "Uur",
        "fixed": "Vast",
    },
    HiddenCause: {
        "project_budgets": "ICT betaald uit projectbudgetten",
        "functional_management_in_line": "Functioneel beheer in de lijnafdelingen",
        "assets_beyond_life": "Activa langer gebruikt dan de economische levensduur",
        "management_in_overhead": "Managementtijd in de overhead",
        "training_in_hr_budget": "Opleiding van ICT-personeel in het HR-budget",
        "other": "Overig",
    },
    BaselineStatus: {"draft": "Concept", "submitted": "Ingeleverd", "validated": "Gevalideerd"},
    DepreciationMethod: {"linear": "Lineair", "annuity": "Annuïtair"},
    FirstDepreciation: {
        "next_year": "In het jaar na aanschaf",
        "purchase_year": "In het jaar van aanschaf",
    },
    InterestRule: {
        "book_value_jan_1": "Boekwaarde op 1 januari",
        "average_book_value": "Gemiddelde boekwaarde",
    },
    BasisKind: {
        "fixed": "Vast bedrag",
        "per_member": "Per deelnemer",
        "per_driver": "Per eenheid van een volumedriver",
    },
    KeyKind: {
        "inhabitants": "Inwoners",
        "workplaces": "Werkplekken",
        "accounts": "Accounts",
        "employees": "Medewerkers (fte)",
        "driver": "Andere volumedriver",
        "equal": "Gelijke delen",
        "fixed": "Vaste percentages",
        "origin": "Naar herkomst (knip)",
    },
    LevelKind: {"percent": "Procent van het huidige niveau", "absolute": "Absoluut bedrag (€)"},
    StructuralCostType: {
        "management": "Management",
        "housing": "Huisvesting",
        "relation_management": "Relatiemanagement",
        "benefits_administration": "Administratieve organisatie batenmanagement",
        "cost_control_and_charging": "Kostenbeheersing en doorbelasting",
        "architecture_pool": "Pool informatiearchitecten",
        "operations_continuity": "Beheerorganisatie voor continuïteit",
        "commissioning": "Opdrachtgeverschap",
        "information_management": "Informatiemanagement",
        "functional_management": "Functioneel beheer",
        "quality_improvement": "Kwaliteitsverbetering",
        "licences": "Licenties",
        "other": "Overig",
    },
    OneOffType: {
        "project_organisation": "Projectorganisatie",
        "interim_staffing": "Frictiekosten (tijdelijke inhuur)",
        "severance": "Afvloeiingskosten",
        "staff_guidance": "Begeleiding van personeel",
        "licences": "Ontbrekende licenties",
        "workplace_scripting": "Scripten van werkplekken",
        "migration": "Migratie en opschoning",
        "training": "Opleiding",
        "service_agreement": "DVO en administratieve organisatie",
        "advice_recruitment": "Advies en werving",
        "overdue_maintenance": "Achterstallig onderhoud",
        "disinvestment": "Desinvestering",
        "project_costs": "Projectkosten",
        "other": "Overig",
    },
    BenefitKind: {
        "efficiency": "Efficiency (tijdwinst)",
        "direct_cash": "Directe kasstroom",
        "effectiveness": "Effectiviteit",
    },
    BearerGroup: {"share": "De share", "participants": "De deelnemers", "both": "Beide"},
    VatTreatment: {
        "compensable": "Compensabel (btw-compensatiefonds)",
        "not_compensable": "Niet compensabel",
        "exempt": "Vrijgesteld",
    },
}
"""Dutch labels of the values of every enumeration the editor offers."""

DRIVER_LABELS: dict[str, str] = {
    "inhabitants": "Inwoners",
    "workplaces": "Werkplekken",
    "accounts": "Accounts",
    "employees": "Medewerkers (fte)",
}
"""Dutch names of the standard volume drivers; other drivers show their own name."""

_HINTS: dict[str, str] = {
    "id": "Letters, cijfers, '_', '.' en '-'.",
    "cbs_code": "Bijvoorbeeld GM0392.",
    "interest_rate": "Als fractie: 0,025 is 2,5%.",
    "rate": "Als fractie: 0,02 is 2%.",
    "until_year": "Leeg: tot het einde van de looptijd.",
    "realised_from_year": "Leeg: vanaf het eerste jaar van de regel.",
    "term_years": "Leeg: de standaardtermijn van de drager voor de categorie.",
    "bearer": "De share, alle leden van het scenario, of één deelnemer.",
    "members": "Niets aangevinkt: alle deelnemers.",
    "participants": "Niets aangevinkt: alle leden van het scenario.",
    "categories": "Niets aangevinkt: alle categorieën.",
    "percentages": (
        "Per deelnemer in procenten; samen 100. Ze worden samen opgeslagen zodra ze optellen "
        "tot 100."
    ),
    "phased": "De regel volgt de ingangsdata en aandelen van de fasering.",
    "savings_realised": "Uit: de formatie wordt niet echt kleiner en de besparing telt niet.",
    "share_pct": "Deel van de gefaseerde effecten dat op deze datum ingaat.",
    "allocation_key": "Met sleutel: één totaal, verdeeld over de leden.",
    "charge_key": "Leeg: de doorbelastingssleutel van de case.",
    "vat": "Leeg: de btw-behandeling van de case.",
    "visible_eur": "Wat de begroting ICT noemt, zonder personeel en kapitaallasten.",
}
_MODEL_HINTS: dict[tuple[type[BaseModel], str], str] = {
    (AllocationKey, "kind"): (
        "Voor vaste percentages of een andere volumedriver: vul eerst de percentages of de "
        "driver in en kies dan de soort."
    ),
    (Basis, "kind"): "Voor ‘per eenheid van een volumedriver’: kies eerst de volumedriver.",
    (StaffChange, "cost_per_fte_eur"): "Leeg: de kosten per fte uit de nulmeting van de drager.",
    (Investment, "interest_rate"): "Leeg: de rente van de drager.",
    (Transfer, "values"): "Procent van de nulmeting dat naar de share gaat, vanaf dat jaar.",
    (StaffChange, "values"): "Fte per jaar; negatief is minder formatie.",
    (Markup, "values"): "Procent van de aanschaf van de gekozen investeringen in hetzelfde jaar.",
    (OneOffCost, "values"): "Alleen de ingevulde jaren tellen.",
    (Investment, "values"): "Alleen de ingevulde jaren tellen; ieder jaar is een aanschaf.",
}
_STRUCTURAL_VALUES_HINT = (
    "Een waarde geldt vanaf dat jaar tot het volgende ingevulde jaar. Bij een grondslag per "
    "deelnemer of per driver is het een bedrag per eenheid."
)


MODEL_FIELD_LABELS.update(STEERING_FIELD_LABELS)
ITEM_LABELS.update(STEERING_ITEM_LABELS)
ENUM_LABELS.update(STEERING_ENUM_LABELS)
MODEL_FIELD_LABELS.update(GUIDANCE_FIELD_LABELS)
ITEM_LABELS.update(GUIDANCE_ITEM_LABELS)
ENUM_LABELS.update(GUIDANCE_ENUM_LABELS)


def label_for(model: type[BaseModel], name: str) -> str:
    """The Dutch label of field ``name`` of ``model`` (KeyError when none is defined)."""
    for klass in model.__mro__:
        if isinstance(klass, type) and issubclass(klass, BaseModel):
            label = MODEL_FIELD_LABELS.get((klass, name))
            if label is not None:
                return label
    return FIELD_LABELS[name]


def hint_for(model: type[BaseModel], name: str) -> str:
    """A short Dutch explanation of a field, or an empty string."""
    for klass in model.__mro__:
        if isinstance(klass, type) and issubclass(klass, BaseModel):
            hint = _MODEL_HINTS.get((klass, name))
            if hint is not None:
                return hint
    if name == "values" and issubclass(model, StructuralLine | Transfer):
        return _STRUCTURAL_VALUES_HINT
    return _HINTS.get(name, "")


def item_label(model: type[BaseModel]) -> str:
    """The Dutch name of one item of ``model`` (``Investering``)."""
    return ITEM_LABELS.get(model, label_for(model, "id"))


def enum_label(enum: type[Enum], value: str) -> str:
    """The Dutch label of an enumeration value (the value itself when none is defined)."""
    return ENUM_LABELS.get(enum, {}).get(value, value)


# --- types along a path -------------------------------------------------------------------------

PRECONDITION_LABELS = {
    "max_realisation_months": "Maximale realisatietijd",
    "max_one_off_costs_eur": "Maximale eenmalige kosten",
    "no_forced_redundancies": "Geen gedwongen ontslagen",
    "every_participant_better_off": "Iedere deelnemer beter af dan alleen",
}
"""Dutch names of the preconditions (``PreconditionCheck.precondition``)."""
