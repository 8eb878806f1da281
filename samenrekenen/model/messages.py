"""Dutch messages for pydantic validation errors, with paths in the case file's own keys.

:func:`translate_errors` turns a :class:`pydantic.ValidationError` into :class:`CaseError`
values: ``participants[0].drivers.inhabitants: "12,5k" is geen geldig getal; …``. No English
text of pydantic reaches the user: every error type has a Dutch message, with a Dutch fallback.
Validators in the model that raise ``ValueError`` must give a Dutch message; it is shown as is.
"""

from __future__ import annotations

import difflib
import json
import re
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .case import Case
from .validation import CaseError, at, choices, number

MAX_SHOWN_CHARS = 60
"""Longer input is cut off when echoed in a message."""

FIRST_YEAR_LIKE = 1000
"""Without the raw data, integer keys from this value on are taken for years, not indices."""

_KEY_SEGMENT = "[key]"
_UNION_TAGS = {"float", "int", "str", "bool", "list", "dict", "date", "none"}
_TYPE_ERRORS = {
    "float_type": "een getal",
    "int_type": "een geheel getal",
    "dict_type": "een tabel met een waarde per jaar",
    "list_type": "een lijst",
    "model_type": "een blok met velden",
    "model_attributes_type": "een blok met velden",
    "string_type": "tekst",
    "bool_type": "true of false",
    "date_type": "een datum",
}
_PATTERNS = {
    r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$": (
        "is geen geldige id; gebruik alleen letters, cijfers, '_', '.' en '-', "
        "en begin met een letter of cijfer"
    ),
    r"^GM\d{4}$": "is geen geldige CBS-code; schrijf 'GM' en vier cijfers, bijv. GM0392",
    r"^(benefit|cost)$": "is geen geldige keuze; kies een van: benefit, cost",
}


@dataclass(frozen=True)
class _Located:
    """A pydantic error with its path in the file and where a union branch starts."""

    error: ErrorDetails
    path: str
    union_path: str | None
    on_key: bool


def translate_errors(exc: ValidationError, data: object = None) -> list[CaseError]:
    """Dutch :class:`CaseError` values for every error of ``exc``.

    ``data`` is the raw input that was validated (when known); it tells list indices from
    integer dict keys (years) and union branches from fields, so paths match the file.
    """
    located = [_locate(error, data) for error in exc.errors(include_url=False)]
    errors: list[CaseError] = []
    seen: set[tuple[str, str]] = set()
    for item in _merge_unions(located):
        error = item if isinstance(item, CaseError) else CaseError(item.path, _message(item))
        if (error.path, error.message) not in seen:
            seen.add((error.path, error.message))
            errors.append(error)
    return errors


# --- paths ------------------------------------------------------------------------------------


def _locate(error: ErrorDetails, data: object) -> _Located:
    """The file path of an error, walking the raw data along pydantic's ``loc``."""
    loc = error["loc"]
    path = ""
    union_path: str | None = None
    on_key = False
    current: object = data
    for position, segment in enumerate(loc):
        last = position == len(loc) - 1
        if segment == _KEY_SEGMENT:
            on_key = True
        elif isinstance(current, list) and isinstance(segment, int):
            path = at(path, segment)
            current = current[segment] if 0 <= segment < len(current) else None
        elif isinstance(current, dict) and segment in current:
            path = at(path, str(segment))
            current = current[segment]
        elif _is_union_tag(segment, current, last, error["type"]):
            union_path = union_path if union_path is not None else path
        else:
            path = at(path, _guess(segment) if data is None else str(segment))
            current = None
    return _Located(error, path, union_path, on_key)


def _guess(segment: str | int) -> str | int:
    """Without the raw data: an integer is a list index, unless it looks like a year."""
    return str(segment) if isinstance(segment, int) and segment >= FIRST_YEAR_LIKE else segment


def _is_union_tag(segment: str | int, current: object, last: bool, error_type: str) -> bool:
    """Whether a loc segment names a union branch (``float``, ``dict[int,float]``) not a key."""
    if not isinstance(segment, str):
        return False
    if last and error_type in ("missing", "extra_forbidden"):
        return False
    if isinstance(current, dict) and current:
        return "[" in segment or segment in _UNION_TAGS
    return "[" in segment or segment in _UNION_TAGS or current is not None


def _merge_unions(located: list[_Located]) -> list[_Located | CaseError]:
    """One result per union: the errors of the branch that fits the input's shape, or one
    message listing what each branch expects."""
    result: list[_Located | CaseError] = []
    groups: dict[str, list[_Located]] = {}
    for item in located:
        if item.union_path is None:
            result.append(item)
        else:
            if item.union_path not in groups:
                result.append(CaseError(item.union_path, ""))  # placeholder keeps the order
            groups.setdefault(item.union_path, []).append(item)
    merged: list[_Located | CaseError] = []
    for entry in result:
        if isinstance(entry, CaseError):
            merged.extend(_union_errors(groups[entry.path]))
        else:
            merged.append(entry)
    return merged


def _union_errors(items: list[_Located]) -> list[_Located | CaseError]:
    fitting = [i for i in items if i.error["type"] not in _TYPE_ERRORS or i.path != i.union_path]
    if fitting:
        return list(fitting)
    expected = list(dict.fromkeys(_TYPE_ERRORS[i.error["type"]] for i in items))
    first = items[0]
    return [
        CaseError(
            first.path,
            f"verwacht {' of '.join(expected)}, maar kreeg {_kind(first.error['input'])}",
        )
    ]


# --- messages ---------------------------------------------------------------------------------


def _shown(value: object) -> str:
    """The input as the user wrote it, e.g. ``"12,5k"``; long input is cut off."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        return "een lege waarde"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, list):
        return "een lijst"
    elif isinstance(value, dict):
        return "een tabel"
    else:
        text = str(value)
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


def _kind(value: object) -> str:
    """What the input is, for 'verwacht …, maar kreeg …'."""
    if value is None:
        return "een leeg veld"
    if isinstance(value, bool):
        return f"de ja/nee-waarde {_shown(value)}"
    if isinstance(value, str):
        return f"de tekst {_shown(value)}"
    if isinstance(value, int | float):
        return f"het getal {_shown(value)}"
    return _shown(value)


def _field(item: _Located) -> str:
    loc = [s for s in item.error["loc"] if isinstance(s, str)]
    return loc[-1] if loc else ""


def _ctx(item: _Located, name: str) -> Any:
    return (item.error.get("ctx") or {}).get(name)


def _limit(item: _Located, name: str) -> str:
    value = _ctx(item, name)
    return number(value) if isinstance(value, int | float) else str(value)


def _missing(item: _Located) -> str:
    return f"verplicht veld '{_field(item)}' ontbreekt; vul het in"


def _extra(item: _Located) -> str:
    field = _field(item)
    allowed = _fields_at(item.error["loc"][:-1])
    close = difflib.get_close_matches(field, allowed, n=1) if allowed else []
    hint = f"bedoelt u '{close[0]}'?" if close else "controleer de spelling of verwijder het"
    return f"onbekend veld '{field}'; {hint}"


def _float_parsing(item: _Located) -> str:
    return (
        f"{_shown(item.error['input'])} is geen geldig getal; schrijf een getal zonder eenheid "
        "of duizendtallen, met een punt als decimaalteken (bijv. 12500.5)"
    )


def _int_parsing(item: _Located) -> str:
    shown = _shown(item.error["input"])
    if item.on_key:
        return f"{shown} is geen geldig jaartal; gebruik een jaar, bijv. 2027"
    return f"{shown} is geen geldig geheel getal"


def _int_from_float(item: _Located) -> str:
    return f"{_shown(item.error['input'])} is geen geheel getal; laat de decimalen weg"


def _bool(item: _Located) -> str:
    return f"{_shown(item.error['input'])} is geen ja/nee-waarde; gebruik true of false"


def _type(item: _Located) -> str:
    return f"verwacht {_TYPE_ERRORS[item.error['type']]}, maar kreeg {_kind(item.error['input'])}"


def _too_short_text(item: _Located) -> str:
    minimum = _ctx(item, "min_length")
    if minimum == 1:
        return "mag niet leeg zijn; vul een waarde in"
    return f"moet minstens {minimum} tekens lang zijn"


def _too_long_text(item: _Located) -> str:
    return f"mag hoogstens {_ctx(item, 'max_length')} tekens lang zijn"


def _pattern(item: _Located) -> str:
    pattern = str(_ctx(item, "pattern"))
    text = _PATTERNS.get(pattern, f"heeft niet de vereiste vorm ({pattern})")
    return f"{_shown(item.error['input'])} {text}"


def _compare(word: str, name: str) -> Callable[[_Located], str]:
    def message(item: _Located) -> str:
        return f"{_shown(item.error['input'])} {word.format(_limit(item, name))}"

    return message


def _choice(item: _Located) -> str:
    expected = re.findall(r"'([^']*)'", str(_ctx(item, "expected") or ""))
    return f"{_shown(item.error['input'])} is geen geldige keuze; kies een van: {choices(expected)}"


def _date(item: _Located) -> str:
    return (
        f"{_shown(item.error['input'])} is geen geldige datum; "
        "schrijf de datum als JJJJ-MM-DD, bijv. 2027-01-01"
    )


def _too_short_list(item: _Located) -> str:
    minimum = _ctx(item, "min_length")
    return f"moet minstens {minimum} element(en) bevatten; voeg er een toe"


def _too_long_list(item: _Located) -> str:
    return f"mag hoogstens {_ctx(item, 'max_length')} element(en) bevatten"


def _value_error(item: _Located) -> str:
    error = _ctx(item, "error")
    return str(error) if error else _fallback(item)


def _finite(item: _Located) -> str:
    return f"{_shown(item.error['input'])} is geen eindig getal; gebruik een gewoon getal"


def _fallback(item: _Located) -> str:
    return f"ongeldige waarde {_shown(item.error['input'])}; controleer dit veld"


_MESSAGES: dict[str, Callable[[_Located], str]] = {
    "missing": _missing,
    "extra_forbidden": _extra,
    "float_parsing": _float_parsing,
    "int_parsing": _int_parsing,
    "int_parsing_size": _int_parsing,
    "int_from_float": _int_from_float,
    "bool_parsing": _bool,
    "string_too_short": _too_short_text,
    "string_too_long": _too_long_text,
    "string_pattern_mismatch": _pattern,
    "greater_than": _compare("moet groter zijn dan {}", "gt"),
    "greater_than_equal": _compare("moet {} of meer zijn", "ge"),
    "less_than": _compare("moet kleiner zijn dan {}", "lt"),
    "less_than_equal": _compare("mag hoogstens {} zijn", "le"),
    "enum": _choice,
    "literal_error": _choice,
    "date_parsing": _date,
    "date_from_datetime_parsing": _date,
    "date_from_datetime_inexact": _date,
    "date_future": _date,
    "date_past": _date,
    "too_short": _too_short_list,
    "too_long": _too_long_list,
    "value_error": _value_error,
    "assertion_error": _value_error,
    "finite_number": _finite,
    **dict.fromkeys(_TYPE_ERRORS, _type),
}


def _message(item: _Located) -> str:
    return _MESSAGES.get(item.error["type"], _fallback)(item)


# --- field names for suggestions --------------------------------------------------------------


def _fields_at(loc: Sequence[str | int]) -> list[str]:
    """The field names of the model at ``loc`` (empty when it is not a model)."""
    annotation: Any = Case
    for segment in loc:
        if segment == _KEY_SEGMENT:
            return []
        annotation = _step(annotation, segment)
        if annotation is None:
            return []
    model = _model_of(annotation)
    return list(model.model_fields) if model else []


def _step(annotation: Any, segment: str | int) -> Any:
    """The type one step down from ``annotation``."""
    model = _model_of(annotation)
    if model is not None:
        field = model.model_fields.get(str(segment))
        return field.annotation if field else None
    for member in _members(annotation):
        origin = get_origin(member)
        if origin is list:
            return get_args(member)[0]
        if origin is dict:
            return get_args(member)[1]
    return None


def _members(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) in (Union, types.UnionType):
        return get_args(annotation)
    return (annotation,)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def dutch_message(error: ErrorDetails) -> str:
    """The Dutch message of one pydantic error (e.g. of a request body outside a case)."""
    path = ""
    for segment in error["loc"]:
        path = at(path, segment)
    return _message(_Located(error, path, None, False))
