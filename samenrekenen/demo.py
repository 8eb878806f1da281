"""The demo case: a fictitious ICT cooperation of ten municipalities, shipped as a case file.

Offers :func:`demo_yaml` (the text of the packaged ``data/demo.yaml``) and :func:`demo_case`
(that file validated as a :class:`~samenrekenen.model.Case`). The same file is in
``examples/demo.yaml``.
"""

from __future__ import annotations

from importlib import resources

import yaml

from .model import Case

DEMO_RESOURCE = "demo.yaml"
"""Name of the demo case file in the package's ``data`` folder."""


def demo_yaml() -> str:
    """The demo case file's text (YAML, schema version 1)."""
    path = resources.files("samenrekenen").joinpath("data").joinpath(DEMO_RESOURCE)
    return path.read_text(encoding="utf-8")


def demo_case() -> Case:
    """The demo case, validated."""
    return Case.model_validate(yaml.safe_load(demo_yaml()))
