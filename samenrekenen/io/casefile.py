"""Reading and writing case files (YAML or JSON), with every error in Dutch and its line.

:func:`load_case` and :func:`parse_case` parse the text, migrate it to the current
``schema_version``, validate it with pydantic and then with :func:`check_case`, and raise one
:class:`CaseFileError` with all errors found, each with the path of the offending field and,
where it can be found, the line in the file. :func:`save_case` writes atomically.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from samenrekenen.model.case import Case
from samenrekenen.model.messages import translate_errors
from samenrekenen.model.validation import CaseError, at, check_case

from .migrations import SchemaVersionError, migrate

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
"""File name suffixes and the format they mean."""

NEW_FILE_MODE = 0o644
"""Permissions of a newly written case file (an existing file keeps its own)."""


class CaseFileError(Exception):
    """A case file that cannot be used; ``errors`` holds every error found, in file order."""

    def __init__(self, file: str, errors: list[CaseError]) -> None:
        self.file = file
        self.errors = errors
        super().__init__(self.format())

    def format(self) -> str:
        """Every error on its own line: ``demo.yaml:12: path: message``."""
        return "\n".join(error.format(self.file) for error in self.errors)


# --- public functions -------------------------------------------------------------------------


def load_case(path: str | Path) -> Case:
    """Read and validate a case file; JSON by ``.json``, YAML by ``.yaml`` or ``.yml``.

    Raises CaseFileError with every error found.
    """
    path = Path(path)
    fmt = _format_of(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise _error(path, "het bestand bestaat niet; controleer de naam en de map") from None
    except UnicodeDecodeError:
        raise _error(path, "het bestand is geen UTF-8-tekst; sla het op als UTF-8") from None
    except OSError:
        raise _error(path, "het bestand kan niet worden gelezen; controleer de rechten") from None
    return parse_case(text, fmt, str(path))


def parse_case(text: str, fmt: str, file: str = "<invoer>") -> Case:
    """Parse and validate the text of a case file in format ``yaml`` or ``json``.

    Raises CaseFileError (with ``file`` as its name) with every error found.
    """
    fmt = _normalise_format(fmt, file)
    parsed = _parse_yaml(text) if fmt == "yaml" else _parse_json(text)
    if parsed.data is None and parsed.errors:
        raise CaseFileError(file, parsed.errors)
    return _validated(parsed.data, file, parsed.errors, parsed.located)


def validate_document(data: object, file: str = "<case>") -> Case:
    """Validate a case document that is already parsed (e.g. stored as JSON).

    Raises CaseFileError with every error found; the errors carry paths but no line numbers.
    """
    return _validated(data, file, [], lambda error: error)


def validate_edited(data: dict[str, Any], changes: Iterable[tuple[str, object]]) -> Case:
    """Validate a stored document with edits applied, ``changes`` being their (path, new value).

    As :func:`validate_document`, except that only the new values are searched for NaN and
    infinity: the rest was searched when it was stored, and searching a whole case took a
    quarter of validating it.
    """
    errors = [error for path, value in changes for error in _non_finite(value, path)]
    return _validated(data, "<case>", errors, lambda error: error, search_all=False)


def parse_stored(document: dict[str, Any]) -> Case:
    """The case of a document that passed :func:`validate_document` when it was stored.

    It is migrated and parsed into the model, but the checks across the case are not repeated:
    every way into the database validates the whole case first, and repeating the checks for
    every revision in every server process cost more than calculating it.
    """
    return Case.model_validate(migrate(document))


def _validated(
    data: object,
    file: str,
    errors: list[CaseError],
    located: Callable[[CaseError], CaseError],
    search_all: bool = True,
) -> Case:
    errors = [*errors, *_non_finite(data, "")] if search_all else errors
    if not isinstance(data, dict):
        raise CaseFileError(file, [*errors, _not_a_mapping()])
    try:
        data = migrate(data)
    except SchemaVersionError as exc:
        error = CaseError("schema_version", exc.message)
        raise CaseFileError(file, _sorted([*errors, located(error)])) from None
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        errors += [located(e) for e in translate_errors(exc, data)]
        raise CaseFileError(file, _sorted(errors)) from None
    errors += [located(e) for e in check_case(case)]
    if errors:
        raise CaseFileError(file, _sorted(errors))
    return case


def dump_case(case: Case, fmt: str) -> str:
    """The text of a case file in format ``yaml`` or ``json``; it loads back as an equal case.

    JSON is ``model_dump(mode="json", exclude_none=True)``; YAML holds the same data with
    years as integer keys and dates as YAML dates.
    """
    fmt = _normalise_format(fmt, "<uitvoer>")
    if fmt == "json":
        data = case.model_dump(mode="json", exclude_none=True)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    plain = _plain(case.model_dump(mode="python", exclude_none=True))
    return yaml.safe_dump(plain, sort_keys=False, allow_unicode=True, default_flow_style=False)


def save_case(case: Case, path: str | Path) -> None:
    """Write a case file, format by suffix. The text is written to a temporary file in the same
    folder that then replaces the target, so a failure never leaves a half-written file."""
    path = Path(path)
    text = dump_case(case, _format_of(path))
    _write_atomic(path, text)


# --- formats and errors -----------------------------------------------------------------------


def _format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _error(
            path,
            f"onbekend bestandstype '{path.suffix}'; gebruik .yaml, .yml of .json",
        )
    return fmt


def _normalise_format(fmt: str, file: str) -> str:
    key = fmt.lower() if fmt.startswith(".") else f".{fmt.lower()}"
    if key not in FORMATS:
        raise CaseFileError(
            file, [CaseError("", f"onbekend formaat '{fmt}'; gebruik yaml of json")]
        )
    return FORMATS[key]


def _error(path: Path, message: str) -> CaseFileError:
    return CaseFileError(str(path), [CaseError("", message)])


def _not_a_mapping() -> CaseError:
    return CaseError(
        "",
        "het bestand bevat geen case; het moet een blok met velden zijn dat begint met "
        "'schema_version: 1'",
    )


def _sorted(errors: list[CaseError]) -> list[CaseError]:
    """Errors in file order; those without a line last, in their own order."""
    return sorted(errors, key=lambda e: (e.line is None, e.line or 0))


def _non_finite(data: object, path: str) -> Iterator[CaseError]:
    """NaN and infinity are not numbers a case can use."""
    if not path and _all_finite(data):
        return
    if isinstance(data, float) and not math.isfinite(data):
        yield CaseError(path, f"{data} is geen eindig getal; gebruik een gewoon getal")
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _non_finite(value, at(path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _non_finite(value, at(path, index))


def _all_finite(data: object) -> bool:
    # The C encoder refuses NaN and infinity: a quick answer for the usual, clean document
    # (``default=str`` passes what YAML reads besides JSON data, such as dates).
    try:
        json.dumps(data, allow_nan=False, default=str)
    except ValueError:
        return False
    return True


# --- the node tree: line numbers per path -----------------------------------------------------


@dataclass
class _Node:
    """Where a value starts in the file, and its children (mapping keys or list items)."""

    line: int
    keys: dict[str, _Node] | None = None
    items: list[_Node] | None = None


@dataclass
class _Parsed:
    """The raw data of a file, its node tree and the errors found while parsing."""

    data: object
    tree: _Node | None
    errors: list[CaseError] = field(default_factory=list)

    def located(self, error: CaseError) -> CaseError:
        """The error with the line of its path (or of the nearest enclosing node)."""
        if error.line is not None or self.tree is None:
            return error
        return replace(error, line=line_of(self.tree, error.path))


def line_of(tree: _Node, path: str) -> int | None:
    """The line of the node at ``path``, or of its nearest ancestor (None for the root)."""
    node, position, line = tree, 0, None
    while position < len(path):
        if path[position] == ".":
            position += 1
            continue
        step = _child(node, path, position)
        if step is None:
            break
        node, position = step
        line = node.line
    return line


def _child(node: _Node, path: str, position: int) -> tuple[_Node, int] | None:
    """The child named at ``path[position:]`` and the position after its name."""
    if path[position] == "[":
        end = path.find("]", position)
        index = int(path[position + 1 : end]) if end > 0 else -1
        if node.items is None or not 0 <= index < len(node.items):
            return None
        return node.items[index], end + 1
    keys = node.keys or {}
    matches = [
        key
        for key in keys
        if path.startswith(key, position)
        and (position + len(key) == len(path) or path[position + len(key)] in ".[")
    ]
    if not matches:
        return None
    key = max(matches, key=len)  # keys may contain dots: take the longest that fits
    return keys[key], position + len(key)


# --- YAML -------------------------------------------------------------------------------------

_YAML_PROBLEMS = {
    "mapping values are not allowed here": (
        "een ':' staat hier niet op zijn plaats; zet een spatie na de ':' van de sleutel "
        "ervoor of zet de waarde tussen aanhalingstekens"
    ),
    "found character '\\t' that cannot start any token": (
        "een tab is niet toegestaan; spring in met spaties"
    ),
    "found unexpected end of stream": "een tekst tussen aanhalingstekens wordt niet afgesloten",
    "found unknown escape character": (
        "ongeldige '\\'-code in een tekst tussen dubbele aanhalingstekens"
    ),
    "found character": (
        "dit teken kan geen waarde beginnen (zoals '@' of '`'); zet de waarde tussen "
        "aanhalingstekens"
    ),
    "but found another document": (
        "het bestand bevat meer dan één document ('---'); houd er één over"
    ),
    "second occurrence": "dit anker ('&') komt twee keer voor; geef elk anker een eigen naam",
    "could not find expected ':'": "hier ontbreekt een ':' na een sleutel",
    "found undefined alias": "verwijzing (alias) naar een onbekend anker",
    "found unhashable key": "een sleutel moet een enkele waarde zijn, geen lijst of blok",
    "could not determine a constructor for the tag": "deze tag ('!…') is niet toegestaan",
    "expected <block end>": "de inspringing klopt niet; lijn gelijke velden precies uit",
    "expected ',' or ']'": "een lijst tussen [ ] wordt niet goed afgesloten",
    "expected ',' or '}'": "een blok tussen { } wordt niet goed afgesloten",
}


def _parse_yaml(text: str) -> _Parsed:
    """YAML with the safe loader, keeping the node tree for line numbers."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        return _Parsed(None, None, [_yaml_error(exc)])
    except yaml.YAMLError:
        return _Parsed(None, None, [CaseError("", "het bestand is geen geldige YAML")])
    finally:
        loader.dispose()
    if node is None:
        return _Parsed(None, None, [CaseError("", "het bestand is leeg; vul een case in")])
    errors: list[CaseError] = []
    tree = _yaml_tree(node, "", errors)
    return _Parsed(data, tree, errors)


def _yaml_error(exc: yaml.MarkedYAMLError) -> CaseError:
    problem = exc.problem or ""
    message = next(
        (dutch for english, dutch in _YAML_PROBLEMS.items() if problem.startswith(english)),
        "de opbouw van het bestand klopt hier niet (geen geldige YAML)",
    )
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    return CaseError("", f"ongeldige YAML: {message}", line)


def _yaml_tree(node: yaml.Node, path: str, errors: list[CaseError]) -> _Node:
    result = _Node(node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result.keys = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = _yaml_tree(value_node, at(path, key), errors)
            child.line = key_node.start_mark.line + 1
            if key in result.keys:
                errors.append(_duplicate_key(path, key, result.keys[key].line, child.line))
            result.keys[key] = child
    elif isinstance(node, yaml.SequenceNode):
        result.items = [_yaml_tree(n, at(path, i), errors) for i, n in enumerate(node.value)]
    return result


def _duplicate_key(path: str, key: str, first_line: int, line: int) -> CaseError:
    return CaseError(
        at(path, key),
        f"de sleutel '{key}' staat hier twee keer (ook op regel {first_line}); "
        "alleen de laatste telt: verwijder een van beide",
        line,
    )


# --- JSON -------------------------------------------------------------------------------------

_JSON_PROBLEMS = {
    "Expecting value": "hier ontbreekt een waarde (of er staat een komma te veel)",
    "Expecting ',' delimiter": "hier ontbreekt een komma",
    "Expecting ':' delimiter": "hier ontbreekt een ':' na de sleutel",
    "Expecting property name enclosed in double quotes": (
        "hier hoort een sleutel tussen dubbele aanhalingstekens (of er staat een komma te veel)"
    ),
    "Unterminated string": "een tekst wordt niet afgesloten met een aanhalingsteken",
    "Extra data": "na het einde van de case staat nog tekst",
    "Invalid control character": "een tab of regeleinde in een tekst is niet toegestaan",
    "Invalid \\escape": "ongeldige '\\'-code in een tekst",
}


def _parse_json(text: str) -> _Parsed:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = next(
            (dutch for english, dutch in _JSON_PROBLEMS.items() if exc.msg.startswith(english)),
            "de opbouw van het bestand klopt hier niet",
        )
        if not text.strip():
            return _Parsed(None, None, [CaseError("", "het bestand is leeg; vul een case in")])
        error = CaseError("", f"ongeldige JSON (kolom {exc.colno}): {message}", exc.lineno)
        return _Parsed(None, None, [error])
    errors: list[CaseError] = []
    tree = _JsonScanner(text, errors).document()
    return _Parsed(data, tree, errors)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_SCALAR = re.compile(r"[^,\]\}\s]+")
_JSON_SPACE = re.compile(r"[ \t\r\n]*")


class _JsonScanner:
    """Finds the line of every value and key of valid JSON text."""

    def __init__(self, text: str, errors: list[CaseError]) -> None:
        self.text = text
        self.position = 0
        self.errors = errors
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def document(self) -> _Node:
        """The tree of the whole document."""
        return self.value("")

    def line(self) -> int:
        """The line of the current position (1-based)."""
        return bisect.bisect_right(self.line_starts, self.position)

    def skip(self) -> str:
        """Skip white space; the next character."""
        match = _JSON_SPACE.match(self.text, self.position)
        self.position = match.end() if match else self.position
        return self.text[self.position : self.position + 1]

    def value(self, path: str) -> _Node:
        """The node of the value at the current position."""
        char = self.skip()
        node = _Node(self.line())
        if char == "{":
            node.keys = self.object(path)
        elif char == "[":
            node.items = self.array(path)
        elif char == '"':
            self.string()
        else:
            match = _JSON_SCALAR.match(self.text, self.position)
            self.position = match.end() if match else self.position + 1
        return node

    def string(self) -> str:
        """The string at the current position."""
        match = _JSON_STRING.match(self.text, self.position)
        if match is None:
            self.position += 1
            return ""
        self.position = match.end()
        value: str = json.loads(match.group())
        return value

    def object(self, path: str) -> dict[str, _Node]:
        """The members of the object at the current position."""
        keys: dict[str, _Node] = {}
        self.position += 1
        while self.skip() != "}":
            line = self.line()
            key = self.string()
            self.skip()
            self.position += 1  # ':'
            child = self.value(at(path, key))
            child.line = line
            if key in keys:
                self.errors.append(_duplicate_key(path, key, keys[key].line, line))
            keys[key] = child
            if self.skip() == ",":
                self.position += 1
        self.position += 1
        return keys

    def array(self, path: str) -> list[_Node]:
        """The items of the array at the current position."""
        items: list[_Node] = []
        self.position += 1
        while self.skip() != "]":
            items.append(self.value(at(path, len(items))))
            if self.skip() == ",":
                self.position += 1
        self.position += 1
        return items


# --- writing ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Model-dump data with enums as their values, ready for the YAML safe dumper."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _write_atomic(path: Path, text: str) -> None:
    """Write text to a temporary file beside ``path`` and move it into place."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else NEW_FILE_MODE
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
