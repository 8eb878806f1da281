"""axe-core in a page: inject the project's local copy and list WCAG 2.0/2.1 A and AA violations.

``make test`` installs axe-core from the npm registry into ``.cache/npm``; nothing is loaded
from the internet. The page's context must be made with ``bypass_csp=True``: the app's
Content-Security-Policy (``script-src 'self'``) rightly refuses an injected script otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from components import unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")

_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.join(" ")),
    summaries: v.nodes.map((n) => n.failureSummary || ""),
  }));
}"""


def violations(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.0/2.1 A/AA violations axe-core finds on the page as it is now."""
    if not AXE_JS.exists():
        unavailable(f"axe-core ontbreekt ({AXE_JS}); installeer het met: make axe")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    found: list[dict[str, Any]] = page.evaluate(_RUN, WCAG_TAGS)
    return found


def describe(found: list[dict[str, Any]]) -> str:
    """The violations as readable text: id, impact, help and every target."""
    lines = []
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for target, summary in zip(v["targets"], v["summaries"], strict=False):
            first = summary.strip().splitlines()[1:2] if summary else []
            lines.append(f"    {target}" + (f" — {first[0].strip()}" if first else ""))
    return "\n".join(lines)


def assert_no_serious_violations(page: Page, label: str = "") -> list[dict[str, Any]]:
    """Fail when axe-core finds a serious or critical violation; the minor and moderate ones
    are returned (and printed) for information."""
    found = violations(page)
    blocking = [v for v in found if v["impact"] in BLOCKING]
    others = [v for v in found if v["impact"] not in BLOCKING]
    where = label or page.url
    if others:
        print(f"axe, {where}: lichtere bevindingen\n{describe(others)}")
    if blocking:
        pytest.fail(
            f"axe vindt ernstige toegankelijkheidsproblemen op {where}:\n{describe(blocking)}",
            pytrace=False,
        )
    return others
