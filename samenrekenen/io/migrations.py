"""Upgrading raw case-file data from older format versions to the current one.

A case file carries ``schema_version``. Before pydantic validates the data, :func:`migrate`
applies ``MIGRATIONS[n]`` (raw dict of version ``n`` → raw dict of version ``n + 1``) for every
version from the file's up to :data:`samenrekenen.model.case.SCHEMA_VERSION`. A format change
that old files cannot satisfy as they are bumps ``SCHEMA_VERSION`` and registers a migration.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from samenrekenen.model import case as case_module

Migration = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns the raw data of one version into the raw data of the next."""

MIGRATIONS: dict[int, Migration] = {}
"""Migration from version ``n`` (the key) to version ``n + 1``."""

FIRST_SCHEMA_VERSION = 1
"""The oldest case-file version that can be read."""


class SchemaVersionError(ValueError):
    """The file's ``schema_version`` is missing, unknown or cannot be migrated.

    ``message`` is Dutch and says what to do.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def current_version() -> int:
    """The case-file version this release writes (read at call time)."""
    return case_module.SCHEMA_VERSION


def supported_versions() -> list[int]:
    """Every version that can be read: the current one and those with a migration path."""
    return list(range(FIRST_SCHEMA_VERSION, current_version() + 1))


def file_version(data: dict[str, Any]) -> int:
    """The ``schema_version`` of raw case data (SchemaVersionError when missing or unknown)."""
    current = current_version()
    if "schema_version" not in data:
        raise SchemaVersionError(f"schema_version ontbreekt; voeg 'schema_version: {current}' toe")
    version = data["schema_version"]
    supported = ", ".join(str(v) for v in supported_versions())
    if not isinstance(version, int) or isinstance(version, bool):
        raise SchemaVersionError(
            f"schema_version {version!r} is geen geheel getal; "
            f"deze versie van samenrekenen leest versie {supported}"
        )
    if version > current:
        raise SchemaVersionError(
            f"schema_version {version} is nieuwer dan deze versie van samenrekenen kan lezen "
            f"(versie {supported}); werk samenrekenen bij"
        )
    if version < FIRST_SCHEMA_VERSION:
        raise SchemaVersionError(
            f"schema_version {version} bestaat niet; ondersteund: versie {supported}"
        )
    return version


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Raw case data upgraded to the current version (a new dict; the input is not changed).

    Raises SchemaVersionError when the version is missing or unknown, or when a migration
    step is not registered.
    """
    version = file_version(data)
    if version == current_version():
        return dict(data)  # nothing to change: a shallow copy keeps the input untouched
    result = copy.deepcopy(data)
    while version < current_version():
        step = MIGRATIONS.get(version)
        if step is None:
            raise SchemaVersionError(
                f"schema_version {version} kan niet worden omgezet naar versie "
                f"{version + 1}; er is geen omzetting voor geregistreerd"
            )
        result = step(result)
        version += 1
        result["schema_version"] = version
    return result
