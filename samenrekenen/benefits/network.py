"""The benefits network of a case and its layered layout (columns from cause to effect)."""

from __future__ import annotations

from ..model import BenefitsNetwork, Case, NodeLayer, default_network


def case_network(case: Case) -> BenefitsNetwork:
    """The case's own benefits network, or the default of domain §4."""
    return case.benefits_network or default_network()


def columns(network: BenefitsNetwork) -> dict[str, int]:
    """The column of every node, left to right: measures first; a source of improvement one
    column right of everything that feeds it; all objectives in one column after the last
    source; the goal after them. Assumes a validated network (no cycles)."""
    layer = {node.id: node.layer for node in network.nodes}
    feeding: dict[str, list[str]] = {node.id: [] for node in network.nodes}
    for edge in network.edges:
        feeding[edge.target].append(edge.source)
    column: dict[str, int] = {}

    def place(node: str) -> int:
        if node not in column:
            before = [place(s) for s in feeding[node] if layer[s] is not NodeLayer.OBJECTIVE]
            column[node] = 0 if layer[node] is NodeLayer.MEASURE else max([0, *before]) + 1
        return column[node]

    for node in network.node_ids():
        if layer[node] in (NodeLayer.MEASURE, NodeLayer.SOURCE):
            place(node)
    objectives = max(column.values(), default=0) + 1
    for node in network.node_ids():
        if layer[node] is NodeLayer.OBJECTIVE:
            column[node] = objectives
        elif layer[node] is NodeLayer.GOAL:
            column[node] = objectives + 1
    return column
