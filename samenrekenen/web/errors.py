"""Dutch messages for request validation errors (FastAPI bodies, query and path parameters)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from samenrekenen.model.messages import dutch_message

_WHERE = {
    "body": "invoer",
    "query": "parameter",
    "path": "adres",
    "header": "kop",
    "cookie": "cookie",
}


def dutch_validation_messages(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """``[{"loc": [...], "msg": Dutch text, "type": ...}]`` for FastAPI's validation errors.

    The first element of ``loc`` (body, query, path) is kept in the location but replaced by a
    Dutch word in the message, so no English pydantic text reaches a user.
    """
    messages = []
    for error in errors:
        loc = list(error.get("loc", ()))
        where = _WHERE.get(str(loc[0]), "invoer") if loc else "invoer"
        if error.get("type") == "json_invalid":
            text = "de invoer is geen geldige JSON"
        else:
            text = dutch_message({**error, "loc": loc[1:] or loc})  # type: ignore[typeddict-item]
        messages.append({"loc": loc, "msg": f"{where}: {text}", "type": error.get("type", "")})
    return messages
