"""Checks of benefits steering: the benefits network, benefit lines, indicators and actuals.

Every reference must name something the case has: an edge its nodes, a benefit line its
network node, an indicator its benefit or objective, an actual its entity, category, year,
volume, benefit or indicator. Called from :func:`samenrekenen.model.validation.check_case`;
errors carry the case-file path and a Dutch message.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence

from .benefits import LAYER_ORDER, Actuals, BenefitsNetwork, Indicator, NodeLayer, default_network
from .case import Case
from .common import SHARE
from .scenario import Benefit
from .validation import CaseError, at, choices


def check_benefits(case: Case) -> Iterator[CaseError]:
    """Every error of the case's benefits steering, in file order."""
    network = case.benefits_network or default_network()
    if case.benefits_network is not None:
        yield from _network(case.benefits_network, "benefits_network")
    benefits = _benefit_lines(case)
    yield from _benefits(case, network)
    yield from _indicators(case, benefits)
    if case.actuals is not None:
        yield from _actuals(case, case.actuals, benefits, "actuals")


def _benefit_lines(case: Case) -> dict[str, Benefit]:
    """Every benefit line of the case by id (the last one when scenarios share an id)."""
    return {line.id: line for scenario in case.scenarios for line in scenario.benefits}


def _unknown(value: str, known: Sequence[str], what: str, path: str) -> Iterator[CaseError]:
    if value not in known:
        options = f"kies een van: {choices(known)}" if known else "er zijn er nog geen"
        yield CaseError(path, f"onbekende {what} '{value}'; {options}")


def _twice(keys: Iterable[Hashable], path: str, what: str) -> Iterator[CaseError]:
    """An error for every item whose key already occurred earlier in the list."""
    first: dict[Hashable, int] = {}
    for index, key in enumerate(keys):
        if key in first:
            yield CaseError(
                at(path, index),
                f"{what} staat al bij {at(path, first[key])}; voeg ze samen of verwijder er een",
            )
        else:
            first[key] = index


# --- the network ------------------------------------------------------------------------------


def _network(network: BenefitsNetwork, path: str) -> Iterator[CaseError]:
    ids = network.node_ids()
    layers = {node.id: node.layer for node in network.nodes}
    yield from _twice(ids, at(path, "nodes"), "deze knoop")
    yield from _twice(
        [(e.source, e.target) for e in network.edges], at(path, "edges"), "deze relatie"
    )
    for index, edge in enumerate(network.edges):
        edge_path = at(path, "edges", index)
        yield from _unknown(edge.source, ids, "knoop", at(edge_path, "source"))
        yield from _unknown(edge.target, ids, "knoop", at(edge_path, "target"))
        if edge.source in layers and edge.target in layers:
            yield from _direction(edge.source, edge.target, layers, edge_path)
    if not any(node.layer is NodeLayer.GOAL for node in network.nodes):
        yield CaseError(
            at(path, "nodes"),
            "het netwerk heeft geen einddoel (layer 'goal'), zoals 'Effectieve gemeente'",
        )
    yield from _cycle(network, path)


def _direction(
    source: str, target: str, layers: dict[str, NodeLayer], path: str
) -> Iterator[CaseError]:
    # Sources may feed sources; otherwise an edge runs one or more columns to the right.
    rank_source, rank_target = LAYER_ORDER.index(layers[source]), LAYER_ORDER.index(layers[target])
    same_source_layer = rank_source == rank_target and layers[source] is NodeLayer.SOURCE
    if source == target or (rank_target <= rank_source and not same_source_layer):
        yield CaseError(
            at(path, "target"),
            f"een relatie loopt van oorzaak naar gevolg (maatregel → verbeterbron → doel → "
            f"einddoel); '{source}' ({layers[source].value}) → '{target}' "
            f"({layers[target].value}) kan niet",
        )


def _cycle(network: BenefitsNetwork, path: str) -> Iterator[CaseError]:
    """One error when the relations between sources of improvement go round in a circle."""
    following: dict[str, list[str]] = {}
    for edge in network.edges:
        following.setdefault(edge.source, []).append(edge.target)
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> list[str] | None:
        if node in trail:
            return [*trail[trail.index(node) :], node]
        if node in done:
            return None
        for target in following.get(node, []):
            found = visit(target, [*trail, node])
            if found:
                return found
        done.add(node)
        return None

    for node in network.node_ids():
        circle = visit(node, [])
        if circle:
            yield CaseError(
                at(path, "edges"),
                f"de relaties vormen een kring: {' → '.join(circle)}; haal een relatie weg",
            )
            return


# --- benefit lines and indicators -------------------------------------------------------------


def _benefits(case: Case, network: BenefitsNetwork) -> Iterator[CaseError]:
    ids = network.node_ids()
    for s, scenario in enumerate(case.scenarios):
        for b, line in enumerate(scenario.benefits):
            path = at("scenarios", s, "benefits", b)
            if line.network_node is not None:
                yield from _unknown(line.network_node, ids, "knoop", at(path, "network_node"))
            if not line.monetised and any(line.values.values()):
                yield CaseError(
                    at(path, "values"),
                    "een baat die niet in geld is uitgedrukt heeft geen bedragen; haal de "
                    "waarden weg of zet 'monetised' op true",
                )


def _indicators(case: Case, benefits: dict[str, Benefit]) -> Iterator[CaseError]:
    objectives = [o.id for o in case.cooperation.objectives]
    yield from _twice([i.id for i in case.indicators], "indicators", "dit kengetal")
    for index, indicator in enumerate(case.indicators):
        path = at("indicators", index)
        yield from _indicator_subject(indicator, list(benefits), objectives, path)
        for year in indicator.targets:
            yield from _year(case, year, at(path, "targets", str(year)))


def _indicator_subject(
    indicator: Indicator, benefits: list[str], objectives: list[str], path: str
) -> Iterator[CaseError]:
    if (indicator.benefit is None) == (indicator.objective is None):
        yield CaseError(
            path,
            "een kengetal volgt één baat of één doelstelling; vul 'benefit' of 'objective' in, "
            "niet beide",
        )
    if indicator.benefit is not None:
        yield from _unknown(indicator.benefit, benefits, "baat", at(path, "benefit"))
    if indicator.objective is not None:
        yield from _unknown(indicator.objective, objectives, "doelstelling", at(path, "objective"))


def _year(case: Case, year: int, path: str) -> Iterator[CaseError]:
    coop = case.cooperation
    if not coop.first_year <= year <= coop.last_year:
        yield CaseError(
            path, f"jaar {year} ligt buiten de looptijd {coop.first_year}–{coop.last_year}"
        )


# --- actuals ----------------------------------------------------------------------------------


def volume_names(case: Case) -> list[str]:
    """What an actual volume may measure: a product of the charging design or a driver."""
    products = [p.id for p in case.charging_design.products] if case.charging_design else []
    drivers = [name for p in case.participants for name in p.drivers]
    return list(dict.fromkeys([*products, *drivers]))


def _actuals(
    case: Case, actuals: Actuals, benefits: dict[str, Benefit], path: str
) -> Iterator[CaseError]:
    participants = [p.id for p in case.participants]
    categories = [c.id for c in case.categories]
    if actuals.scenario is not None:
        scenarios = [s.id for s in case.scenarios]
        yield from _unknown(actuals.scenario, scenarios, "scenario", at(path, "scenario"))
    for index, cost in enumerate(actuals.costs):
        item = at(path, "costs", index)
        yield from _unknown(cost.entity, [*participants, SHARE], "entiteit", at(item, "entity"))
        yield from _unknown(cost.category, categories, "categorie", at(item, "category"))
        yield from _year(case, cost.year, at(item, "year"))
    names = volume_names(case)
    for index, volume in enumerate(actuals.volumes):
        item = at(path, "volumes", index)
        yield from _unknown(volume.participant, participants, "deelnemer", at(item, "participant"))
        yield from _unknown(volume.driver, names, "volume", at(item, "driver"))
        yield from _year(case, volume.year, at(item, "year"))
    for index, benefit in enumerate(actuals.benefits):
        item = at(path, "benefits", index)
        yield from _benefit_actual(benefit.benefit, benefits, at(item, "benefit"))
        yield from _year(case, benefit.year, at(item, "year"))
    indicators = [i.id for i in case.indicators]
    for index, measured in enumerate(actuals.indicators):
        item = at(path, "indicators", index)
        yield from _unknown(measured.indicator, indicators, "kengetal", at(item, "indicator"))
        yield from _year(case, measured.year, at(item, "year"))
    yield from _actual_duplicates(actuals, path)


def _benefit_actual(benefit: str, benefits: dict[str, Benefit], path: str) -> Iterator[CaseError]:
    yield from _unknown(benefit, list(benefits), "baat", path)
    if benefit in benefits and not benefits[benefit].monetised:
        yield CaseError(
            path,
            f"baat '{benefit}' is niet in geld uitgedrukt en heeft dus geen bedrag; leg de "
            "realisatie vast bij haar kengetallen",
        )


def _actual_duplicates(actuals: Actuals, path: str) -> Iterator[CaseError]:
    yield from _twice(
        [(c.entity, c.category, c.year) for c in actuals.costs],
        at(path, "costs"),
        "deze entiteit, categorie en dit jaar",
    )
    yield from _twice(
        [(v.participant, v.driver, v.year) for v in actuals.volumes],
        at(path, "volumes"),
        "deze deelnemer, dit volume en dit jaar",
    )
    yield from _twice(
        [(b.benefit, b.year) for b in actuals.benefits], at(path, "benefits"), "deze baat en jaar"
    )
    yield from _twice(
        [(i.indicator, i.year) for i in actuals.indicators],
        at(path, "indicators"),
        "dit kengetal en jaar",
    )
