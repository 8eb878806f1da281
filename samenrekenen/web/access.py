"""Who may see and change what in a case (roles: beheerder, adviseur, deelnemer, lezer).

A site administrator has the rights of a *beheerder* in every case. A *deelnemer* edits only
its own municipality (baseline measurement, volume drivers) and scenario lines it bears; when
the case does not let participants see each other's detail, other participants' detail pages
and API resources answer 404 and their results show totals only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samenrekenen.model.edits import Edit, EditKind, PathError, apply_edit, get_at, parse_path
from samenrekenen.model.participants import BaselineStatus
from samenrekenen.model.scenario import LINE_LISTS
from samenrekenen.store import Role
from samenrekenen.store.tables import CaseRow, User

ROLE_LABELS = {
    Role.MANAGER: "Beheerder",
    Role.ADVISER: "Adviseur",
    Role.PARTICIPANT: "Deelnemer",
    Role.READER: "Lezer",
}

_OWN_PARTICIPANT_FIELDS = ("baseline", "drivers")


@dataclass(frozen=True)
class CaseAccess:
    """A user's rights in one case."""

    row: CaseRow
    user: User
    role: str
    participant_id: str | None = None

    @property
    def can_manage(self) -> bool:
        """Manage members and settings, fix versions, delete the case."""
        return self.role == Role.MANAGER

    @property
    def can_edit_all(self) -> bool:
        """Edit every input of the case."""
        return self.role in (Role.MANAGER, Role.ADVISER)

    @property
    def can_edit(self) -> bool:
        """Edit at least something."""
        return self.role != Role.READER

    @property
    def role_label(self) -> str:
        """The role's Dutch name."""
        return ROLE_LABELS[self.role]

    def sees_detail(self, participant_id: str) -> bool:
        """Whether the participant's detail (baseline, per-category results) is visible."""
        if self.role != Role.PARTICIPANT:
            return True
        return participant_id == self.participant_id or self.row.participants_see_others

    def may_apply(self, document: dict[str, Any], edit: Edit) -> bool:
        """Whether this user may make ``edit`` on ``document``."""
        if self.can_edit_all:
            return True
        if self.role != Role.PARTICIPANT or self.participant_id is None:
            return False
        try:
            segments = parse_path(edit.path)
        except PathError:
            return False
        if segments[0] == "participants":
            own = self._own_participant_path(document, segments)
            return own and not _validates(document, edit, int(segments[1]))
        if segments[0] == "scenarios":
            return self._own_line_edit(document, edit, segments)
        return False

    def _own_participant_path(self, document: dict[str, Any], segments: list[Any]) -> bool:
        if len(segments) < 3 or not isinstance(segments[1], int):
            return False
        own = get_at(document, f"participants[{segments[1]}].id") == self.participant_id
        return own and segments[2] in _OWN_PARTICIPANT_FIELDS

    def _own_line_edit(self, document: dict[str, Any], edit: Edit, segments: list[Any]) -> bool:
        if len(segments) < 3 or not isinstance(segments[1], int):
            return False
        if segments[2] not in LINE_LISTS or segments[2] == "transfers":
            return False
        lines = f"scenarios[{segments[1]}].{segments[2]}"
        if edit.kind is EditKind.ADD:
            return len(segments) == 3 and _bearer(edit.value) == self.participant_id
        if len(segments) < 4 or not isinstance(segments[3], int):
            return False
        line = get_at(document, f"{lines}[{segments[3]}]")
        if _bearer(line) != self.participant_id:
            return False
        if len(segments) == 5 and segments[4] == "bearer":
            return edit.value == self.participant_id
        return True


def _validates(document: dict[str, Any], edit: Edit, index: int) -> bool:
    """Whether ``edit`` marks participant ``index``'s baseline as validated: that is the
    validating expert's call (an adviseur), not the participant's own."""
    status = f"participants[{index}].baseline.status"
    before = get_at(document, status)
    try:
        after = get_at(apply_edit(document, edit)[0], status)
    except PathError:
        return False
    return after == BaselineStatus.VALIDATED.value and before != after


def _bearer(line: Any) -> Any:
    if not isinstance(line, dict):
        return None
    return line.get("bearer", line.get("participant"))


def access_for(row: CaseRow, user: User, role: str | None, participant: str | None) -> CaseAccess:
    """The access of a member (``role``) or of an administrator who is no member."""
    if role is None:
        role = Role.MANAGER if user.is_admin else ""
    return CaseAccess(row=row, user=user, role=role, participant_id=participant)
