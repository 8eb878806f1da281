"""The case: everything a business case is computed from."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from pydantic import Field

from .benefits import Actuals, BenefitsNetwork, Indicator
from .categories import DEFAULT_CATEGORIES, Category
from .charging import ChargingDesign
from .common import Model
from .cooperation import Cooperation
from .guidance import Formation
from .participants import BenchmarkNorms, Participant, SharedService
from .risk import Risk, Uncertainty
from .scenario import LINE_LISTS, Charging, Scenario

SCHEMA_VERSION = 1
"""Version of the case-file format written by this release."""


class Case(Model):
    """A cooperation case: participants, baseline measurement and scenarios."""

    schema_version: int = Field(SCHEMA_VERSION, description="Version of the case-file format.")
    version_label: str | None = Field(None, description="Label of this version of the case.")
    cooperation: Cooperation
    categories: list[Category] = Field(default_factory=lambda: list(DEFAULT_CATEGORIES))
    participants: list[Participant] = Field(min_length=1)
    shared_service: SharedService = Field(default_factory=SharedService)
    charging: Charging = Field(default_factory=Charging)
    charging_design: ChargingDesign | None = Field(
        None, description="The share's charging design (verrekening): products, tariffs, keys."
    )
    benchmark_norms: BenchmarkNorms = Field(default_factory=BenchmarkNorms)
    scenarios: list[Scenario] = Field(min_length=1)
    risks: list[Risk] = Field(default_factory=list, description="Risicoregister.")
    uncertainty: Uncertainty | None = Field(
        None, description="Bandbreedtes, vertraging en optimisme-opslag (docs/risk.md)."
    )
    benefits_network: BenefitsNetwork | None = Field(
        None, description="Batennetwerk (relatiediagram); leeg: het standaardnetwerk."
    )
    indicators: list[Indicator] = Field(
        default_factory=list, description="Kengetallen per baat en per doelstelling."
    )
    actuals: Actuals | None = Field(
        None, description="Werkelijke kosten, volumes, baten en kengetallen na het besluit."
    )
    formation: Formation | None = Field(
        None, description="Vorming van de samenwerking: fasen, keuzes, knip (docs/guidance.md)."
    )

    @cached_property
    def baseline_scenario(self) -> Scenario:
        """The baseline scenario (ongewijzigd beleid); the first scenario when none is marked."""
        return next((s for s in self.scenarios if s.is_baseline), self.scenarios[0])

    def lines(self) -> Iterator[Model]:
        """Every scenario's own lines, in case order (inherited lines are not repeated)."""
        for scenario in self.scenarios:
            for name in LINE_LISTS:
                yield from getattr(scenario, name)

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with this id (KeyError when absent)."""
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(scenario_id)

    def resolved(self, scenario_id: str) -> Scenario:
        """The scenario with the lines of its ``extends`` chain merged in.

        Parent lines come first; a child line with the id of a parent line of the same type
        takes its place; ``remove_lines`` drops parent lines. The result has no ``extends``.
        Assumes a validated case (no cycles, known parents). Kept for the case's list of
        scenarios: validating, calculating and reporting a case each resolve every scenario,
        and a case's scenarios are not changed in place (edits and variants make new ones).
        """
        scenarios, known = self._resolved_memo
        if scenarios is not self.scenarios:  # a copy of the case with other scenarios
            self.__dict__["_resolved_memo"] = (self.scenarios, known := {})
        if scenario_id not in known:
            known[scenario_id] = self._resolve(scenario_id)
        return known[scenario_id]

    @cached_property
    def _resolved_memo(self) -> tuple[list[Scenario], dict[str, Scenario]]:
        """The scenarios resolved so far, by id, and the list they were resolved from."""
        return self.scenarios, {}

    def _resolve(self, scenario_id: str) -> Scenario:
        scenario = self.scenario(scenario_id)
        if scenario.extends is None:
            return scenario
        parent = self.resolved(scenario.extends)
        merged: dict[str, list[Model]] = {}
        for name in LINE_LISTS:
            own = {line.id: line for line in getattr(scenario, name)}
            lines = [
                own.pop(line.id, line)
                for line in getattr(parent, name)
                if line.id not in scenario.remove_lines
            ]
            merged[name] = lines + list(own.values())
        own_items = {item.id for item in scenario.qualitative_items}
        items = [i for i in parent.qualitative_items if i.id not in own_items]
        inherited = {
            "phases": scenario.phases or parent.phases,
            "indexation": scenario.indexation or parent.indexation,
            "charging": scenario.charging or parent.charging,
            "members": scenario.members if scenario.members is not None else parent.members,
            "qualitative_items": items + list(scenario.qualitative_items),
        }
        return scenario.model_copy(update={**merged, **inherited, "extends": None})
