"""Edits of a case document addressed by the case file's own paths.

A path is what validation errors use: ``participants[2].baseline.costs[0].visible_eur``. An
edit sets a field, appends an item to a list or removes an item. Edits work on the plain JSON
document (``dict``), never on the validated model, so that a change is validated as a whole
before anything is stored. Two paths are *related* when one is the other or contains it; the
store refuses a stale edit of a related path (optimistic locking, decision record 0003).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\.")

Segment = str | int


class EditKind(StrEnum):
    """What an edit does."""

    SET = "set"
    ADD = "add"
    REMOVE = "remove"


class PathError(ValueError):
    """A path that does not exist in the document or is not well formed (message in Dutch)."""


@dataclass(frozen=True)
class Edit:
    """One change: ``SET`` the field at ``path`` to ``value``; ``ADD`` ``value`` to the list at
    ``path``; ``REMOVE`` the list item at ``path``."""

    kind: EditKind
    path: str
    value: Any = None

    @property
    def locked_path(self) -> str:
        """The path whose later changes make this edit stale. Adding or removing shifts the
        positions of a list's items, so those lock the whole list."""
        if self.kind is EditKind.REMOVE:
            return parent_path(self.path)
        return self.path


def parse_path(path: str) -> list[Segment]:
    """The segments of a path: field names (str) and list positions (int)."""
    segments: list[Segment] = []
    position = 0
    while position < len(path):
        match = _SEGMENT.match(path, position)
        if match is None:
            raise PathError(f"ongeldig pad '{path}' bij positie {position + 1}")
        name, index = match.group(1), match.group(2)
        if name is not None:
            segments.append(name)
        elif index is not None:
            segments.append(int(index))
        position = match.end()
    if not segments:
        raise PathError("leeg pad")
    return segments


def format_path(segments: list[Segment]) -> str:
    """The text of a path from its segments (inverse of :func:`parse_path`)."""
    text = ""
    for segment in segments:
        if isinstance(segment, int):
            text += f"[{segment}]"
        else:
            text += f".{segment}" if text else segment
    return text


def parent_path(path: str) -> str:
    """The path of the list or object that holds ``path``."""
    segments = parse_path(path)
    if len(segments) < 2:
        raise PathError(f"'{path}' heeft geen bovenliggend onderdeel")
    return format_path(segments[:-1])


WHOLE_CASE = ""
"""The path of the whole document (a replacement by upload)."""


def related(first: str, second: str) -> bool:
    """Whether one path is the other or lies inside it (the whole case relates to all)."""
    if WHOLE_CASE in (first, second):
        return True
    return _contains(first, second) or _contains(second, first)


def _contains(outer: str, inner: str) -> bool:
    return inner == outer or inner.startswith(outer + ".") or inner.startswith(outer + "[")


def get_at(document: Any, path: str) -> Any:
    """The value at ``path``; ``None`` for an absent optional field."""
    node = document
    for segment in parse_path(path):
        node = _step(node, segment, path, missing_ok=True)
        if node is None:
            return None
    return node


def apply_edit(document: dict[str, Any], edit: Edit) -> tuple[dict[str, Any], Any]:
    """A changed copy of ``document`` and the value that was there before (``None`` when an item
    is added). The original is not touched."""
    # Only the containers on the path are copied; the rest is shared with the original, which
    # is never changed in place (copying a whole case for every edit dominated saving).
    changed = dict(document)
    segments = parse_path(edit.path)
    holder: Any = changed
    for segment in segments[:-1]:
        holder = _copied_child(holder, segment, edit.path)
    last = segments[-1]
    if edit.kind is EditKind.SET:
        return changed, _set(holder, last, edit.value, edit.path)
    if edit.kind is EditKind.ADD:
        target = _step(holder, last, edit.path, missing_ok=True)
        if target is None and isinstance(holder, dict):
            target = holder.setdefault(str(last), [])
        if not isinstance(target, list):
            raise PathError(f"'{edit.path}' is geen lijst")
        target = _copied_child(holder, last, edit.path)
        target.append(copy.deepcopy(edit.value))
        return changed, None
    if not isinstance(holder, list) or not isinstance(last, int) or last >= len(holder):
        raise PathError(f"'{edit.path}' is geen onderdeel van een lijst")
    return changed, holder.pop(last)


def _copied_child(holder: Any, segment: Segment, path: str) -> Any:
    """The child at ``segment``, replaced in ``holder`` by a shallow copy of itself."""
    child = _step(holder, segment, path, missing_ok=False)
    if isinstance(child, dict | list):
        child = copy.copy(child)
        holder[str(segment) if isinstance(holder, dict) else segment] = child
    return child


def _set(holder: Any, last: Segment, value: Any, path: str) -> Any:
    if isinstance(holder, dict):
        last = str(last)
        old = holder.get(last)
        if value is None:
            holder.pop(last, None)
        else:
            holder[last] = copy.deepcopy(value)
        return old
    if isinstance(holder, list) and isinstance(last, int) and last < len(holder):
        old = holder[last]
        holder[last] = copy.deepcopy(value)
        return old
    raise PathError(f"'{path}' bestaat niet in de case")


def _step(node: Any, segment: Segment, path: str, missing_ok: bool) -> Any:
    if isinstance(node, list):
        if isinstance(segment, int) and segment < len(node):
            return node[segment]
    elif isinstance(node, dict):
        # Year-keyed maps (values per year) are objects with numeric keys: ``values[2027]``.
        segment = str(segment)
        if segment in node:
            return node[segment]
        if missing_ok:
            return None
        node[segment] = {}
        return node[segment]
    raise PathError(f"'{path}' bestaat niet in de case")
