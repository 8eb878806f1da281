"""Helpers of the guidance tests (a module name of its own: ``conftest`` is taken by other
test folders on the import path)."""

from __future__ import annotations

from typing import Any

from samenrekenen.model import Case, Formation


def with_formation(case: Case, **fields: Any) -> Case:
    """``case`` with a formation block of only ``fields`` (validated as the model does)."""
    return case.model_copy(update={"formation": Formation.model_validate(fields)})
