"""Request and response models of the JSON API (:mod:`samenrekenen.web.api`).

Docstrings are for developers; the ``description`` texts are Dutch because they end up in the
OpenAPI document that users of the API read.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from samenrekenen.model.edits import EditKind

MAX_ID = 2_147_483_647
"""Largest id or revision accepted (what every supported database stores as an integer)."""

Revision = Annotated[
    int,
    Field(
        ge=0,
        le=MAX_ID,
        description=(
            "De revisie van de case waarop de wijziging is gebaseerd (uit GET /cases/{case_id}). "
            "Heeft iemand anders hetzelfde onderdeel daarna gewijzigd, dan volgt 409."
        ),
    ),
]
RoleName = Literal["beheerder", "adviseur", "deelnemer", "lezer"]
LineKind = Literal[
    "transfers",
    "level_changes",
    "staff_changes",
    "structural_costs",
    "one_off_costs",
    "investments",
    "markups",
    "benefits",
    "asset_retirements",
    "qualitative_items",
]
"""A scenario's line lists (``samenrekenen.model.scenario.LINE_LISTS``) and its qualitative
items."""


def described(text: str) -> ConfigDict:
    """The config of a response model with a Dutch description in the OpenAPI document."""
    return ConfigDict(json_schema_extra={"description": text})


def described_body(text: str) -> ConfigDict:
    """The config of a request body: a Dutch description and no unknown fields."""
    return ConfigDict(json_schema_extra={"description": text}, extra="forbid")


# --- errors ------------------------------------------------------------------------------------


class Problem(BaseModel):
    """A refusal with a Dutch message (400, 401, 403, 404)."""

    model_config = described("Een weigering met een Nederlandse uitleg.")
    detail: str = Field(description="Wat er mis is en wat u kunt doen, in het Nederlands.")


class FieldProblem(BaseModel):
    """One error in a case document or a field of a request."""

    model_config = described("Een fout in de case of in een veld van het verzoek.")
    path: str = Field(description="Pad van het onderdeel, bijv. participants[0].name.")
    message: str = Field(description="Nederlandse uitleg van de fout.")


class InputProblem(BaseModel):
    """One error in the request's form (FastAPI's validation, in Dutch)."""

    model_config = described("Een fout in de vorm van het verzoek (parameter of invoer).")
    loc: list[str | int] = Field(description="Plaats van de fout: body, query of path en veld.")
    msg: str = Field(description="Nederlandse uitleg van de fout.")
    type: str = Field(description="Soort fout (technische code).")


class Invalid(BaseModel):
    """422: the request or the case it would produce is invalid; nothing was stored."""

    model_config = described("Ongeldig verzoek of ongeldige case; er is niets opgeslagen.")
    detail: str | list[FieldProblem | InputProblem] = Field(
        description="Alle gevonden fouten, elk met pad en Nederlandse uitleg."
    )


class Change(BaseModel):
    """A change by someone else that makes an edit stale."""

    model_config = described("Een wijziging van iemand anders na uw basisrevisie.")
    path: str = Field(description="Pad van het gewijzigde onderdeel.")
    user: str = Field(description="E-mailadres van wie het wijzigde.")
    revision: int = Field(description="Revisie die de wijziging opleverde.")
    at: dt.datetime = Field(description="Tijdstip (UTC).")
    new_value: Any = Field(None, description="De nieuwe waarde.")


class Conflict(BaseModel):
    """409: a related item changed after the editor's base revision; nothing was stored."""

    model_config = described(
        "Iemand anders heeft hetzelfde onderdeel intussen gewijzigd; uw wijziging is niet "
        "opgeslagen. Bekijk de nieuwe waarde en probeer het zo nodig opnieuw."
    )
    detail: str = Field(description="Nederlandse uitleg.")
    changes: list[Change] = Field(description="De wijzigingen die voorgingen.")


# --- session and users -------------------------------------------------------------------------


class LoginIn(BaseModel):
    """Credentials for a new API session."""

    model_config = described_body("Inloggegevens.")
    email: str = Field(max_length=254, description="E-mailadres van de gebruiker.")
    password: str = Field(max_length=1000, description="Wachtwoord.")


class LinkPasswordIn(BaseModel):
    """A new password set through an invitation or reset link."""

    model_config = described_body("Het nieuwe wachtwoord.")
    password: str = Field(max_length=1000, description="Nieuw wachtwoord (minstens 10 tekens).")


class UserOut(BaseModel):
    """A user account."""

    model_config = described("Een gebruiker.")
    id: int = Field(description="Id van de gebruiker.")
    email: str = Field(description="E-mailadres.")
    name: str = Field(description="Naam.")
    is_admin: bool = Field(description="Sitebeheerder: heeft de rechten van beheerder overal.")
    active: bool = Field(description="Onwaar: de gebruiker kan niet inloggen.")


class SessionOut(BaseModel):
    """A new session: the bearer token (shown once) and the session's CSRF token."""

    model_config = described(
        "Een nieuwe sessie. Stuur het token mee als 'Authorization: Bearer <token>'. Het "
        "CSRF-token is alleen nodig wie het token als sessiecookie gebruikt."
    )
    token: str = Field(description="Het sessietoken (12 uur geldig); wordt maar één keer getoond.")
    csrf_token: str = Field(description="CSRF-token van de sessie (kop X-CSRF-Token).")
    user: UserOut


class UserCreate(BaseModel):
    """A new user, who sets a password through the invitation link."""

    model_config = described_body(
        "Een nieuwe gebruiker; die kiest zelf een wachtwoord via de link."
    )
    email: str = Field(max_length=254, description="E-mailadres.")
    name: str = Field("", max_length=200, description="Naam.")
    is_admin: bool = Field(False, description="Sitebeheerder maken.")


class UserCreated(BaseModel):
    """A created user with the invitation link to hand over."""

    model_config = described("De nieuwe gebruiker met de uitnodigingslink om door te geven.")
    user: UserOut
    invitation_url: str = Field(description="Eenmalige link (7 dagen geldig).")


class UserPatch(BaseModel):
    """(De)activate a user."""

    model_config = described_body("Een gebruiker (de)activeren.")
    active: bool = Field(description="Onwaar: de gebruiker kan niet meer inloggen.")


class LinkIn(BaseModel):
    """Which one-time link to issue."""

    model_config = described_body("Het soort eenmalige link.")
    purpose: Literal["invitation", "reset"] = Field(
        description="invitation: uitnodiging; reset: wachtwoordherstel."
    )


class LinkOut(BaseModel):
    """A one-time link."""

    model_config = described("Een eenmalige link; eerdere ongebruikte links vervallen.")
    url: str = Field(description="De link om aan de gebruiker door te geven.")
    purpose: str = Field(description="invitation of reset.")


# --- cases -------------------------------------------------------------------------------------


class Rights(BaseModel):
    """What the user may do in a case."""

    model_config = described("Wat u in deze case mag.")
    can_manage: bool = Field(description="Leden en instellingen beheren, case verwijderen.")
    can_edit_all: bool = Field(description="Alle invoer wijzigen, versies vastleggen.")
    can_edit: bool = Field(description="Iets wijzigen (een deelnemer: de eigen gegevens).")


class CaseSummary(BaseModel):
    """A case in a list."""

    model_config = described("Een case met uw rol.")
    id: int = Field(description="Id van de case.")
    name: str = Field(description="Naam.")
    revision: int = Field(description="Huidige revisie; elke opgeslagen wijziging verhoogt die.")
    role: str = Field(description="Uw rol: beheerder, adviseur, deelnemer of lezer.")
    role_label: str = Field(description="Uw rol zoals het scherm die toont.")
    participants_see_others: bool = Field(
        description="Of deelnemers de details van andere deelnemers zien."
    )
    updated_at: dt.datetime = Field(description="Laatste wijziging (UTC).")


class CaseDetail(CaseSummary):
    """A case with the document the user may see."""

    model_config = described(
        "Een case met het casedocument zoals u het mag zien (zonder de nulmeting van andere "
        "deelnemers als u die niet mag zien)."
    )
    participant_id: str | None = Field(description="Uw deelnemer, als u deelnemer bent.")
    rights: Rights
    document: dict[str, Any] = Field(description="Het casedocument (zie docs/case-file.md).")


class CaseCreate(BaseModel):
    """A new case: empty, the demo, or a case document."""

    model_config = described_body("Een nieuwe case.")
    name: str = Field("", max_length=200, description="Naam; leeg: de naam uit het document.")
    source: Literal["empty", "demo", "document"] = Field(
        "empty",
        description="empty: lege case; demo: de democase; document: het meegestuurde document.",
    )
    document: dict[str, Any] | None = Field(
        None, description="Het casedocument (alleen bij source 'document')."
    )


class CasePatch(BaseModel):
    """New case settings; absent fields stay as they are."""

    model_config = described_body("Instellingen van de case; weggelaten velden blijven gelijk.")
    name: str | None = Field(None, min_length=1, max_length=200, description="Nieuwe naam.")
    participants_see_others: bool | None = Field(
        None, description="Of deelnemers de details van andere deelnemers zien."
    )


class DocumentReplace(BaseModel):
    """A whole new case document."""

    model_config = described_body(
        "Vervang alle invoer van de case: alles of niets, één wijziging in de audittrail."
    )
    document: dict[str, Any] = Field(description="Het nieuwe casedocument.")
    base_revision: Revision


class Replaced(BaseModel):
    """The revision a replacement produced."""

    model_config = described("De case is vervangen.")
    revision: int = Field(description="De nieuwe revisie.")


# --- edits -------------------------------------------------------------------------------------


class EditIn(BaseModel):
    """One edit of the case document, addressed by its path."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "description": (
                "Eén wijziging. set: zet het veld op 'path' op 'value' (null verwijdert een "
                "optioneel veld); add: voeg 'value' toe aan de lijst op 'path'; remove: "
                "verwijder het lijstelement op 'path'."
            ),
            "examples": [
                {
                    "kind": "set",
                    "path": "participants[0].baseline.costs[0].visible_eur",
                    "value": 125000,
                    "base_revision": 1,
                }
            ],
        },
    )
    kind: EditKind = Field(description="set, add of remove.")
    path: str = Field(
        min_length=1,
        max_length=1000,
        description="Pad in het casedocument, bijv. scenarios[1].investments[0].values[2027].",
    )
    value: Any = Field(None, description="De nieuwe waarde (set) of het nieuwe element (add).")
    base_revision: Revision


class EditOut(BaseModel):
    """A stored edit."""

    model_config = described("De opgeslagen wijziging.")
    revision: int = Field(description="De nieuwe revisie van de case.")
    path: str = Field(description="Het gewijzigde pad.")
    old_value: Any = Field(None, description="De waarde ervoor (null bij add).")
    new_value: Any = Field(None, description="De waarde erna (null bij remove).")


# --- participants and scenarios ---------------------------------------------------------------


class ParticipantSummary(BaseModel):
    """A participant: names and ids are visible to every member."""

    model_config = described("Een deelnemer.")
    id: str = Field(description="Id van de deelnemer.")
    name: str = Field(description="Naam.")
    cbs_code: str | None = Field(None, description="CBS-gemeentecode, bijv. GM0392.")
    index: int = Field(description="Positie in de lijst 'participants'.")
    path: str = Field(description="Pad voor wijzigingen, bijv. participants[3].")
    sees_detail: bool = Field(description="Of u de nulmeting en details van deze deelnemer ziet.")
    own: bool = Field(description="Of dit uw eigen deelnemer is.")


class ParticipantDetail(ParticipantSummary):
    """A participant with its full data."""

    model_config = described("Een deelnemer met alle gegevens, ook de nulmeting.")
    participant: dict[str, Any] = Field(description="De deelnemer zoals in het casedocument.")


class ScenarioSummary(BaseModel):
    """A scenario."""

    model_config = described("Een scenario.")
    id: str = Field(description="Id van het scenario.")
    name: str = Field(description="Naam.")
    is_baseline: bool = Field(description="Het scenario ongewijzigd beleid.")
    extends: str | None = Field(None, description="Scenario waarvan het de regels erft.")
    index: int = Field(description="Positie in de lijst 'scenarios'.")
    path: str = Field(description="Pad voor wijzigingen, bijv. scenarios[1].")


class ScenarioDetail(ScenarioSummary):
    """A scenario with its own data and lines."""

    model_config = described(
        "Een scenario met zijn eigen gegevens en regels (geërfde regels staan bij het scenario "
        "in 'extends')."
    )
    scenario: dict[str, Any] = Field(description="Het scenario zoals in het casedocument.")


class LineOut(BaseModel):
    """A line of a scenario with where it lives."""

    model_config = described("Een regel van een scenario.")
    kind: LineKind = Field(description="De regellijst waarin de regel staat.")
    id: str = Field(description="Id van de regel.")
    index: int = Field(description="Positie in de regellijst.")
    path: str = Field(description="Pad voor wijzigingen, bijv. scenarios[1].investments[0].")
    line: dict[str, Any] = Field(description="De regel zoals in het casedocument.")


class LineCreate(BaseModel):
    """A new line for a scenario."""

    model_config = described_body("Een nieuwe regel voor het scenario.")
    kind: LineKind = Field(description="De regellijst, bijv. investments of benefits.")
    line: dict[str, Any] = Field(description="De regel, met ten minste een uniek 'id'.")
    base_revision: Revision


class LineSaved(BaseModel):
    """A line that was added or removed."""

    model_config = described("De toegevoegde of verwijderde regel.")
    revision: int = Field(description="De nieuwe revisie van de case.")
    kind: LineKind = Field(description="De regellijst.")
    index: int = Field(description="Positie in de regellijst (bij verwijderen: waar hij stond).")
    path: str = Field(description="Pad van de regel.")
    line: dict[str, Any] = Field(description="De regel.")


# --- results, versions, audit, jobs -----------------------------------------------------------


class ResultsDocument(BaseModel):
    """The results document of docs/results-json.md (only its top level is typed here)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "description": (
                "De resultaten zoals beschreven in docs/results-json.md. Een deelnemer die de "
                "details van anderen niet mag zien, krijgt van hen alleen de totalen."
            )
        },
    )
    engine_version: str = Field(description="Versie van de rekenkern.")
    years: list[int] = Field(description="De jaren van de horizon.")
    categories: list[str] = Field(description="Ids van de kostencategorieën.")
    participants: list[str] = Field(description="Ids van de deelnemers.")
    scenarios: list[dict[str, Any]] = Field(description="Resultaten per scenario.")


class FairnessDocument(BaseModel):
    """The fairness analysis of a scenario (docs/fairness.md; only the top level is typed)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "description": (
                "De verdeling van de kosten van een scenario naast de Shapley-waarde, de "
                "nucleolus en verdeelsleutels, elk getoetst aan het kostenspel (docs/fairness.md)."
            )
        },
    )
    scenario: str = Field(description="Id van het scenario.")
    exact: bool = Field(description="Of elke coalitie is doorgerekend (anders geschat).")
    participants: list[dict[str, Any]] = Field(description="Deelnemers met hun kosten alleen.")
    grand_coalition_cost_eur: float = Field(description="c(N): de kosten van iedereen samen.")
    core_nonempty: bool | None = Field(description="Of de kern niet leeg is (null: onbekend).")
    allocations: list[dict[str, Any]] = Field(description="De verdelingen met hun toets.")


class ChargingDocument(BaseModel):
    """The charging of a scenario (docs/charging.md; only the top level is typed)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "description": (
                "De verrekening van een scenario: producten met kostprijs en tarief, de rekening "
                "per deelnemer per jaar en de aansluiting (docs/charging.md)."
            )
        },
    )
    scenario: str = Field(description="Id van het scenario.")
    years: list[int] = Field(description="De jaren van de horizon.")
    products: list[dict[str, Any]] = Field(description="Producten met kosten en tarieven.")
    participants: list[dict[str, Any]] = Field(description="De rekening per deelnemer.")
    reconciliation: dict[str, Any] = Field(description="Aansluiting per jaar.")


class MembershipDocument(BaseModel):
    """The effect of a member joining or leaving (docs/charging.md; top level typed)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "description": (
                "Toe- of uittreding van een deelnemer vanaf een jaar: per deelnemer de kosten "
                "voor en na en het effect, met de vergoedingen (docs/charging.md)."
            )
        },
    )
    scenario: str = Field(description="Id van het scenario.")
    participant: str = Field(description="Id van de deelnemer die toe- of uittreedt.")
    change: str = Field(description="entry of exit.")
    year: int = Field(description="Jaar van de wijziging.")
    participants: list[dict[str, Any]] = Field(description="Effect per deelnemer.")


class DfaDocument(BaseModel):
    """A member's yearly financial-arrangements file (docs/charging.md; top level typed)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"description": "Dossier financiële afspraken (docs/charging.md)."},
    )
    participant: str = Field(description="Id van de deelnemer.")
    year: int = Field(description="Jaar.")
    lines: list[dict[str, Any]] = Field(description="Producten en bijdragen.")
    invoices: list[dict[str, Any]] = Field(description="Factuurmomenten met bedrag.")
    total_eur: float | None = Field(description="Totaal van het jaar.")


class CoalitionsDocument(BaseModel):
    """The coalition explorer's answer (docs/fairness.md; only the top level is typed)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "description": (
                "Elke coalitie van de kandidaten, gerangschikt op netto contante waarde, met de "
                "bijdrage van iedere kandidaat (docs/fairness.md)."
            )
        },
    )
    candidates: list[str] = Field(description="Ids van de kandidaten.")
    exact: bool = Field(description="Of elke coalitie is doorgerekend.")
    evaluated: int = Field(description="Aantal doorgerekende coalities.")
    marginal_npv_eur: dict[str, float | None] = Field(description="Bijdrage per kandidaat.")
    coalitions: list[dict[str, Any]] = Field(description="De beste coalities (ten hoogste 200).")


class PendingOut(BaseModel):
    """202: the results are being calculated by a background job."""

    model_config = described(
        "De resultaten worden op de achtergrond berekend; vraag ze later opnieuw op of volg de "
        "taak via GET /cases/{case_id}/jobs/{job_id}."
    )
    job_id: int = Field(description="Id van de rekentaak.")
    progress: float = Field(description="Voortgang van 0 tot 1.")
    status: str = Field(description="queued, running, done of failed.")
    message: str = Field(description="Wat de taak nu doet.")


class VersionCreate(BaseModel):
    """A new version."""

    model_config = described_body(
        "Leg de huidige invoer en resultaten vast als onveranderlijke versie."
    )
    name: str = Field(
        min_length=1, max_length=200, description="Naam, bijv. 'Raadsvoorstel maart'."
    )


class VersionSummary(BaseModel):
    """A fixed version."""

    model_config = described("Een vastgelegde versie.")
    id: int = Field(description="Id van de versie.")
    name: str = Field(description="Naam.")
    revision: int = Field(description="Revisie van de case die is vastgelegd.")
    engine_version: str = Field(description="Versie van de rekenkern.")
    created_by: str = Field(description="E-mailadres van wie de versie vastlegde.")
    created_at: dt.datetime = Field(description="Tijdstip (UTC).")


class VersionDetail(VersionSummary):
    """A version with its inputs and results."""

    model_config = described("Een versie met haar invoer en resultaten, zoals u die mag zien.")
    document: dict[str, Any] = Field(description="Het vastgelegde casedocument.")
    results: dict[str, Any] = Field(
        description=(
            "De vastgelegde resultaten (docs/results-json.md, in de vorm van de rekenkern van "
            "de versie)."
        )
    )


class KeyMetrics(BaseModel):
    """The key figures of a scenario for the cooperation as a whole."""

    model_config = described("Kerncijfers van een scenario voor de samenwerking als geheel.")
    total_difference: float = Field(description="Som van het verschil met ongewijzigd beleid.")
    npv: float | None = Field(None, description="Netto contante waarde.")
    savings_pct: float | None = Field(None, description="Besparing in procenten.")
    break_even_year: int | None = Field(None, description="Omslagpunt.")
    simple_payback_years: float | None = Field(None, description="Terugverdientijd in jaren.")
    irr: float | None = Field(None, description="Interne rentevoet als fractie.")


class ScenarioComparison(BaseModel):
    """One scenario in two versions."""

    model_config = described("Eén scenario in beide versies (null: niet in die versie).")
    id: str = Field(description="Id van het scenario.")
    name: str = Field(description="Naam.")
    a: KeyMetrics | None = None
    b: KeyMetrics | None = None


class VersionComparison(BaseModel):
    """Two versions side by side."""

    model_config = described("Twee versies naast elkaar: kerncijfers per scenario.")
    a: VersionSummary
    b: VersionSummary
    scenarios: list[ScenarioComparison]


class AuditOut(BaseModel):
    """One saved change."""

    model_config = described("Eén opgeslagen wijziging.")
    revision: int = Field(description="De revisie die de wijziging opleverde.")
    at: dt.datetime = Field(description="Tijdstip (UTC).")
    user: str = Field(description="E-mailadres van wie wijzigde.")
    action: str = Field(description="set, add, remove of replace (hele case).")
    path: str = Field(description="Het gewijzigde pad (leeg: de hele case).")
    old_value: Any = Field(None, description="De waarde ervoor.")
    new_value: Any = Field(None, description="De waarde erna.")


class JobCreate(BaseModel):
    """A job to start."""

    model_config = described_body("Een achtergrondtaak starten.")
    kind: Literal["recalculate"] = Field(description="recalculate: alle scenario's herberekenen.")


class JobOut(BaseModel):
    """A background job."""

    model_config = described("Een achtergrondtaak.")
    id: int = Field(description="Id van de taak.")
    kind: str = Field(description="Soort taak.")
    status: str = Field(description="queued, running, done of failed.")
    progress: float = Field(description="Voortgang van 0 tot 1.")
    message: str = Field(description="Wat de taak doet of waarom hij mislukte.")
    revision: int = Field(description="De revisie van de case die wordt berekend.")
    created_at: dt.datetime = Field(description="Aangemaakt (UTC).")
    started_at: dt.datetime | None = Field(None, description="Gestart (UTC).")
    finished_at: dt.datetime | None = Field(None, description="Klaar (UTC).")


# --- members -----------------------------------------------------------------------------------


class MemberOut(BaseModel):
    """A member of a case."""

    model_config = described("Een lid van de case.")
    user_id: int = Field(description="Id van de gebruiker.")
    email: str = Field(description="E-mailadres.")
    name: str = Field(description="Naam.")
    role: str = Field(description="beheerder, adviseur, deelnemer of lezer.")
    role_label: str = Field(description="De rol zoals het scherm die toont.")
    participant_id: str | None = Field(None, description="De deelnemer van een deelnemer.")


class MemberSet(BaseModel):
    """A role for a user in a case."""

    model_config = described_body("De rol van een gebruiker in de case.")
    role: RoleName = Field(description="beheerder, adviseur, deelnemer of lezer.")
    participant_id: str | None = Field(
        None, max_length=100, description="Verplicht voor een deelnemer: id van de gemeente."
    )


class MemberAdd(MemberSet):
    """A role for a user given by e-mail address."""

    model_config = described_body(
        "Geef een gebruiker (op e-mailadres) een rol. Een sitebeheerder kan zo ook een nieuwe "
        "gebruiker uitnodigen."
    )
    email: str = Field(max_length=254, description="E-mailadres van de gebruiker.")


class MemberAdded(BaseModel):
    """A member that was added, with an invitation link for a new user."""

    model_config = described("Het nieuwe lid; bij een nieuwe gebruiker met uitnodigingslink.")
    member: MemberOut
    invitation_url: str | None = Field(None, description="Uitnodigingslink voor een nieuw account.")


def _document_config(description: str) -> ConfigDict:
    return ConfigDict(extra="allow", json_schema_extra={"description": description})


class MonteCarloDocument(BaseModel):
    """A Monte Carlo analysis (docs/risk.md; only the top level is typed)."""

    model_config = _document_config(
        "Kans van slagen van een scenario voor het geheel en iedere deelnemer: kans op een "
        "positief resultaat, percentielen van de netto contante waarde en van het omslagpunt "
        "(null = 'niet'), histogrammen en waaier (docs/risk.md)."
    )
    draws: int = Field(description="Aantal trekkingen.")
    seed: int = Field(description="Startgetal: dezelfde trekkingen bij hetzelfde getal.")
    consolidated: dict[str, Any] = Field(description="De verdeling van het geheel.")
    entities: dict[str, Any] = Field(description="De verdeling per deelnemer en de share.")


class SensitivityDocument(BaseModel):
    """A sensitivity analysis (docs/risk.md; only the top level is typed)."""

    model_config = _document_config(
        "Tornado (één aanname op laag en op hoog) en de omslagpunten: de kleinste vertraging, "
        "kostenoverschrijding of tekort aan baten waarbij het resultaat negatief wordt (null = "
        "niet binnen het zoekbereik), voor het geheel en per deelnemer (docs/risk.md)."
    )
    consolidated: dict[str, Any] = Field(description="Tornado en omslagpunten van het geheel.")
    entities: dict[str, Any] = Field(description="Tornado en omslagpunten per deelnemer.")


class NetworkDocument(BaseModel):
    """The benefits network of a case (docs/benefits.md)."""

    model_config = _document_config(
        "Het batennetwerk (maatregelen → bronnen van verbetering → doelen) met het diagram als "
        "SVG; is_default: de case heeft geen eigen netwerk en toont het standaardnetwerk."
    )
    is_default: bool = Field(description="Het standaardnetwerk (de case heeft geen eigen).")
    nodes: list[dict[str, Any]] = Field(description="Knopen met laag en drager.")
    edges: list[dict[str, Any]] = Field(description="Relaties; positive=false is negatief.")
    svg: str = Field(description="Het diagram (SVG); negatieve relaties rood en gestreept.")


class SteeringDocument(BaseModel):
    """Plan versus actual with settlement and evaluation (docs/benefits.md)."""

    model_config = _document_config(
        "Begroot tegen werkelijk per entiteit, kostensoort en jaar, de baten en kengetallen, de "
        "nacalculatie op de werkelijke cijfers en de evaluatie na het eerste jaar in bedrijf "
        "(docs/benefits.md). Een deelnemer die de details van anderen niet mag zien, krijgt "
        "van hen alleen de totalen."
    )
    scenario: str = Field(description="Het scenario waartegen vergeleken wordt.")
    years: list[int] = Field(description="Jaren met werkelijke cijfers.")
    evaluation: dict[str, Any] = Field(description="De evaluatie met zinnen voor de raad.")


class FormationDocument(BaseModel):
    """Everything the guidance says about a case (docs/guidance.md; only the top level is
    typed)."""

    model_config = _document_config(
        "De vorming van de samenwerking: fasen met de stand van elke activiteit, besluiten, "
        "planning en waarschuwingen; rechtsvormen met rangschikking en gevoeligheid; de knip en "
        "de sourcing met hun signalen; de kansenkaart; collectieve voorzieningen en de "
        "vragenlijst; checklists en schaalsignalen (docs/guidance.md). Een deelnemer krijgt "
        "geen schaalsignalen over deelnemers waarvan hij de details niet ziet."
    )
    phases: dict[str, Any] = Field(description="Fasen, activiteiten, besluiten en planning.")
    forms: dict[str, Any] = Field(description="Rechtsvormen, gewichten, rangschikking.")
    processes: dict[str, Any] = Field(description="De knip: processen en signalen.")
    sourcing: dict[str, Any] = Field(description="Sourcing van de ict-processen.")
    checklists: dict[str, Any] = Field(description="Checklists en schaalsignalen.")


class GuidanceDocument(BaseModel):
    """The phase model, the forms or the checklists applied to a case (docs/guidance.md)."""

    model_config = _document_config(
        "Eén onderdeel van de begeleiding met de stand van de case: het fasemodel (phases), "
        "de samenwerkings- en rechtsvormen (forms) of de checklists (checklists); de vorm is "
        "die van 'samenrekenen guidance ... --format json' (docs/cli.md)."
    )
