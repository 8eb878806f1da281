"""The default benefits network of domain §4, its layout and the diagram."""

from __future__ import annotations

import re

from samenrekenen.benefits import case_network, columns, network_svg
from samenrekenen.model import BenefitsNetwork, Case, NodeLayer, default_network

MEASURES = {"Inkoop", "Beheer", "Beleid"}
SOURCES = {
    "Schaalvoordeel",
    "Kwaliteit IT",
    "Continuïteit",
    "Kwaliteit primaire processen",
    "Productiviteit IT",
    "Kosten primair proces",
    "Kosten IT",
    "Kwetsbaarheid",
    "Innovatievermogen",
}
OBJECTIVES = {
    "Lagere gemeentelijke kosten",
    "Versnelling van innovatie",
    "Ontzorgen",
    "Betere dienstverlening",
}
# Domain §4, edge by edge (source name, target name, positive).
EDGES = {
    *((m, "Schaalvoordeel", True) for m in ("Inkoop", "Beheer", "Beleid")),
    *((m, "Kwaliteit IT", True) for m in ("Inkoop", "Beheer")),
    ("Schaalvoordeel", "Kosten IT", True),
    ("Schaalvoordeel", "Innovatievermogen", True),
    *(
        ("Kwaliteit IT", t, True)
        for t in (
            "Productiviteit IT",
            "Innovatievermogen",
            "Continuïteit",
            "Kwaliteit primaire processen",
        )
    ),
    ("Kwaliteit IT", "Kosten IT", False),
    ("Continuïteit", "Kwetsbaarheid", True),
    ("Continuïteit", "Betere dienstverlening", True),
    ("Continuïteit", "Ontzorgen", True),
    ("Continuïteit", "Kosten IT", False),
    ("Productiviteit IT", "Kosten IT", True),
    ("Kwaliteit primaire processen", "Kosten primair proces", True),
    ("Kwaliteit primaire processen", "Betere dienstverlening", True),
    ("Kosten IT", "Lagere gemeentelijke kosten", True),
    ("Kosten primair proces", "Lagere gemeentelijke kosten", True),
    ("Kwetsbaarheid", "Ontzorgen", True),
    ("Kwetsbaarheid", "Betere dienstverlening", True),
    ("Innovatievermogen", "Versnelling van innovatie", True),
    *((o, "Effectieve gemeente", True) for o in OBJECTIVES),
}


def _names(network: BenefitsNetwork, layer: NodeLayer) -> set[str]:
    return {node.name for node in network.nodes if node.layer is layer}


def test_default_network_has_every_node_of_domain_section_4_in_its_layer() -> None:
    network = default_network()
    assert _names(network, NodeLayer.MEASURE) == MEASURES
    assert _names(network, NodeLayer.SOURCE) == SOURCES
    assert _names(network, NodeLayer.OBJECTIVE) == OBJECTIVES
    assert _names(network, NodeLayer.GOAL) == {"Effectieve gemeente"}


def test_default_network_has_every_edge_of_domain_section_4_with_its_sign() -> None:
    network = default_network()
    name = {node.id: node.name for node in network.nodes}
    found = {(name[e.source], name[e.target], e.positive) for e in network.edges}
    assert found == EDGES
    assert len(network.edges) == len(EDGES)


def test_default_objective_nodes_are_the_case_objectives_of_the_demo(demo: Case) -> None:
    objective_nodes = {n.id for n in default_network().nodes if n.layer is NodeLayer.OBJECTIVE}
    assert objective_nodes == {o.id for o in demo.cooperation.objectives}


def test_a_case_without_a_network_uses_the_default(demo: Case) -> None:
    assert demo.benefits_network is None
    assert case_network(demo) == default_network()


def test_columns_run_from_measures_through_sources_to_objectives_and_the_goal() -> None:
    network = default_network()
    column = columns(network)
    for edge in network.edges:
        assert column[edge.source] < column[edge.target], edge
    assert {column[n.id] for n in network.nodes if n.layer is NodeLayer.MEASURE} == {0}
    goal = next(n.id for n in network.nodes if n.layer is NodeLayer.GOAL)
    assert column[goal] == max(column.values())


def test_diagram_has_a_red_dashed_edge_for_each_negative_relation_and_a_bearer_per_node() -> None:
    network = default_network()
    svg = network_svg(network)
    edges = re.findall(r'<g class="edge (\w+)"[^>]*>.*?<path ([^>]*)/>', svg)
    assert len(edges) == len(network.edges)
    negative = [attrs for kind, attrs in edges if kind == "negatief"]
    assert len(negative) == sum(not e.positive for e in network.edges) == 2
    assert all('stroke="#a4161a"' in a and "stroke-dasharray" in a for a in negative)
    assert not any("stroke-dasharray" in a for kind, a in edges if kind == "positief")
    for node in network.nodes:
        assert f">{node.name}</text>" in svg
    assert svg.count(">Drager: ") == len(network.nodes)
    assert "<title>Batennetwerk</title>" in svg
