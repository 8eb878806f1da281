"""Small helpers for the hand-written SVG of the benefits diagram and the plan-versus-actual
charts: one root element with a title and an accessible name, escaped text, fixed colours.

Hand-written rather than matplotlib: the diagram needs a node-and-arrow layout matplotlib does
not offer, and equal input gives byte-equal output without global settings to lock.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

INK = "#1b1f24"
GRID = "#d5dbe1"
NEGATIVE = "#a4161a"
"""Red of a negative relation; such an edge is also dashed, so colour is never the only sign."""
PLAN = "#0b4f8a"
ACTUAL = "#8a5a00"
FONT = "DejaVu Sans, sans-serif"


def svg_document(width: float, height: float, title: str, body: list[str]) -> str:
    """A complete SVG document with a viewBox (no width or height, so CSS scales it)."""
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'role="img" aria-label={quoteattr(title)} font-family="{FONT}" font-size="12">',
            f"<title>{escape(title)}</title>",
            *body,
            "</svg>",
            "",
        ]
    )


def text(x: float, y: float, content: str, **attributes: str) -> str:
    """A text element; ``attributes`` use Python names (``text_anchor`` → ``text-anchor``)."""
    extra = "".join(
        f" {name.replace('_', '-')}={quoteattr(value)}" for name, value in attributes.items()
    )
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'
