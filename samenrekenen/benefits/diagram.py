"""The benefits network drawn as SVG: measures → sources of improvement → objectives → the goal,
left to right, every node with its bearer, negative relations red and dashed.

The layout is computed here (:func:`samenrekenen.benefits.network.columns`; within a column the
nodes keep their file order), so no graph-layout program is needed.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..labels import enum_label
from ..model import BenefitsNetwork, NetworkEdge
from ..model.scenario import BearerGroup
from .network import columns
from .svg import GRID, INK, NEGATIVE, svg_document, text

NODE_WIDTH = 220
NODE_HEIGHT = 46
COLUMN_GAP = 80
ROW_GAP = 18
MARGIN = 20
LEGEND_HEIGHT = 40
DASH = "7 4"


def network_svg(network: BenefitsNetwork, title: str = "Batennetwerk") -> str:
    """The network as an SVG document; each negative relation is a red, dashed path with a
    '−', each positive one a dark path with a '+'."""
    column = columns(network)
    rows: dict[int, int] = {}
    place: dict[str, tuple[float, float]] = {}
    for node in network.nodes:
        c = column[node.id]
        row = rows.get(c, 0)
        rows[c] = row + 1
        left = float(MARGIN + c * (NODE_WIDTH + COLUMN_GAP))
        place[node.id] = (left, MARGIN + LEGEND_HEIGHT + row * (NODE_HEIGHT + ROW_GAP))
    width = 2 * MARGIN + (max(column.values()) + 1) * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP
    height = 2 * MARGIN + LEGEND_HEIGHT + max(rows.values()) * (NODE_HEIGHT + ROW_GAP)
    body = [_markers(), *_legend()]
    body += [_edge(edge, place) for edge in network.edges]
    for node in network.nodes:
        x, y = place[node.id]
        bearer = enum_label(BearerGroup, node.bearer.value)
        body.append(
            f'<g class="node" data-id={quoteattr(node.id)} data-layer="{node.layer.value}">'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="6" '
            f'fill="#ffffff" stroke="{INK}"/>'
            + text(x + NODE_WIDTH / 2, y + 19, node.name, text_anchor="middle", font_weight="bold")
            + text(x + NODE_WIDTH / 2, y + 36, f"Drager: {bearer}", text_anchor="middle")
            + "</g>"
        )
    return svg_document(width, height, title, body)


def _markers() -> str:
    return (
        "<defs>"
        + "".join(
            f'<marker id="pijl-{name}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/>'
            "</marker>"
            for name, colour in (("positief", INK), ("negatief", NEGATIVE))
        )
        + "</defs>"
    )


def _legend() -> list[str]:
    y = MARGIN + 10
    return [
        f'<line x1="{MARGIN}" y1="{y}" x2="{MARGIN + 40}" y2="{y}" stroke="{INK}" '
        'stroke-width="1.5"/>',
        text(MARGIN + 48, y + 4, "+ positieve relatie"),
        f'<line x1="{MARGIN + 220}" y1="{y}" x2="{MARGIN + 260}" y2="{y}" stroke="{NEGATIVE}" '
        f'stroke-width="1.5" stroke-dasharray="{DASH}"/>',
        text(MARGIN + 268, y + 4, "− negatieve relatie (rood, gestreept)"),
        f'<line x1="0" y1="{MARGIN + 25}" x2="100%" y2="{MARGIN + 25}" stroke="{GRID}"/>',
    ]


def _edge(edge: NetworkEdge, place: dict[str, tuple[float, float]]) -> str:
    (x1, y1), (x2, y2) = place[edge.source], place[edge.target]
    x1, y1, x2, y2 = x1 + NODE_WIDTH, y1 + NODE_HEIGHT / 2, x2, y2 + NODE_HEIGHT / 2
    bend = max((x2 - x1) / 2, 20)
    path = (
        f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
    )
    if edge.positive:
        style, sign, name, colour = "", "+", "positief", INK
    else:
        style, sign, name, colour = f' stroke-dasharray="{DASH}"', "−", "negatief", NEGATIVE
    label = f"{edge.source} → {edge.target}" + (f": {edge.description}" if edge.description else "")
    return (
        f'<g class="edge {name}" data-source={quoteattr(edge.source)} '
        f"data-target={quoteattr(edge.target)}>"
        f"<title>{'Positieve' if edge.positive else 'Negatieve'} relatie {escape(label)}</title>"
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.5"{style} '
        f'marker-end="url(#pijl-{name})"/>'
        + text(x2 - 12, y2 - 4, sign, fill=colour, font_weight="bold")
        + "</g>"
    )
