"""The demo case for the guidance tests."""

from __future__ import annotations

import pytest

from samenrekenen.demo import demo_case
from samenrekenen.model import Case


@pytest.fixture(scope="session")
def demo() -> Case:
    return demo_case()
