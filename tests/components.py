"""What a test does when a component it needs (PostgreSQL, Chromium, axe-core) is missing."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """Whether this run is CI's (``CI=true``), where a missing component is an error."""
    return os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> NoReturn:
    """Fail under CI, skip elsewhere."""
    if in_ci():
        pytest.fail(f"{reason} (onder CI=true is dit een fout)", pytrace=False)
    pytest.skip(reason)
