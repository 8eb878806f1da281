"""Shared test set-up: hypothesis profiles and importability of the test helpers.

``tests/reference_impl.py`` and ``tests/strategies.py`` are imported as top-level modules
(``import reference_impl``), so this folder is put on ``sys.path``. Hypothesis runs the "dev"
profile by default and the "ci" profile when the environment has ``CI=true``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=60, derandomize=True, **_COMMON)
settings.register_profile("dev", max_examples=50, **_COMMON)
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")
