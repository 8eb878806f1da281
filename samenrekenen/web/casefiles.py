"""Case documents for the web: an empty case, reading an uploaded case file, downloading."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samenrekenen.io.casefile import CaseFileError, dump_case, parse_case
from samenrekenen.model import Case
from samenrekenen.model.validation import CaseError


def empty_document(name: str, first_year: int | None = None) -> dict[str, Any]:
    """A minimal valid case: one participant and the baseline scenario, to fill in."""
    year = first_year or dt.date.today().year + 1
    return {
        "schema_version": 1,
        "cooperation": {"name": name or "Nieuwe samenwerking", "first_year": year},
        "participants": [{"id": "gemeente-1", "name": "Gemeente 1"}],
        "scenarios": [
            {"id": "ongewijzigd-beleid", "name": "Ongewijzigd beleid", "is_baseline": True}
        ],
    }


def read_upload(filename: str, content: bytes) -> Case:
    """The validated case of an uploaded ``.yaml``/``.yml``/``.json`` file.

    Raises CaseFileError listing every problem (Dutch, with line numbers).
    """
    lower = filename.lower()
    fmt = "json" if lower.endswith(".json") else "yaml"
    if not lower.endswith((".json", ".yaml", ".yml")):
        raise CaseFileError(
            filename or "upload",
            [_plain_error("kies een casebestand met extensie .yaml, .yml of .json")],
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CaseFileError(
            filename, [_plain_error("het bestand is geen UTF-8-tekst; sla het op als UTF-8")]
        ) from None
    return parse_case(text, fmt, filename)


def _plain_error(message: str) -> CaseError:
    return CaseError("", message)


def document_of(case: Case) -> dict[str, Any]:
    """The stored document of a validated case."""
    return case.model_dump(mode="json", exclude_none=True)


def download_text(case: Case, fmt: str) -> tuple[str, str]:
    """The case file's text and media type for ``yaml`` or ``json``."""
    media = "application/json" if fmt == "json" else "application/yaml"
    return dump_case(case, fmt), media
