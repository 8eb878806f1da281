"""Export and import of a whole case: a backup that restores into any database.

:func:`export_case` gives one JSON-ready bundle with the case's document, settings and revision,
its members (by e-mail address), the complete audit trail and every version with its document
and results; times are ISO 8601 in UTC. The bundle holds no database ids, so exporting an
imported case gives the same bundle again.

:func:`import_case` checks the whole bundle (and validates the case document) before it writes
anything, then stores the case in one transaction: all or nothing. Members are matched to
existing users by e-mail address; unknown users are created without a password and get access
through an invitation or reset link. Audit entries and versions keep their times and authors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .accounts import normalise_email
from .cases import CaseNotFound, InvalidEdit, Role, checked
from .db import Database
from .tables import AuditEntry, CaseRow, Membership, User, Version

FORMAT = "samenrekenen-case-export"
"""The marker that identifies a bundle."""

FORMAT_VERSION = 1
"""The bundle layout written by this release."""

_MAX_ERRORS = 50


class TransferError(ValueError):
    """A bundle that cannot be imported; ``errors`` lists every problem found (Dutch)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def iso_utc(moment: dt.datetime) -> str:
    """A stored time as ISO 8601 in UTC (stored naive times are UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat()


# --- export -----------------------------------------------------------------------------------


def export_case(db: Database, case_id: int) -> dict[str, Any]:
    """The bundle of a case (CaseNotFound when there is none)."""
    with db.session() as session:
        row = session.get(CaseRow, case_id)
        if row is None:
            raise CaseNotFound(case_id)
        members = session.execute(
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(Membership.case_id == case_id)
            .order_by(User.email)
        ).all()
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.case_id == case_id)
            .order_by(AuditEntry.revision, AuditEntry.id)
        ).all()
        versions = session.scalars(
            select(Version).where(Version.case_id == case_id).order_by(Version.id)
        ).all()
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "case": {
                "name": row.name,
                "settings": {"participants_see_others": bool(row.participants_see_others)},
                "revision": row.revision,
                "created_at": iso_utc(row.created_at),
                "updated_at": iso_utc(row.updated_at),
                "document": row.document,
            },
            "members": [
                {
                    "email": user.email,
                    "name": user.name,
                    "role": member.role,
                    "participant_id": member.participant_id,
                }
                for member, user in members
            ],
            "audit": [
                {
                    "revision": entry.revision,
                    "user_email": entry.user_email,
                    "at": iso_utc(entry.at),
                    "action": entry.action,
                    "path": entry.path,
                    "locked_path": entry.locked_path,
                    "old_value": entry.old_value,
                    "new_value": entry.new_value,
                }
                for entry in entries
            ],
            "versions": [
                {
                    "name": version.name,
                    "revision": version.revision,
                    "engine_version": version.engine_version,
                    "created_by": version.created_by,
                    "created_at": iso_utc(version.created_at),
                    "document": version.document,
                    "results": version.results,
                }
                for version in versions
            ],
        }


# --- checking a bundle ------------------------------------------------------------------------


class _Checker:
    """Reads fields of a bundle and collects a Dutch message for every problem."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}" if where else message)

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self.fail(where, "ontbreekt of is geen object ({…})")
        return {}

    def items(self, data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        value = data.get(key)
        if not isinstance(value, list):
            self.fail(_at(where, key), "ontbreekt of is geen lijst")
            return []
        return [self.obj(item, f"{_at(where, key)}[{i}]") for i, item in enumerate(value)]

    def text(
        self,
        data: dict[str, Any],
        key: str,
        where: str,
        max_length: int | None = None,
        required: bool = False,
    ) -> str:
        value = data.get(key)
        if not isinstance(value, str):
            self.fail(_at(where, key), "ontbreekt of is geen tekst")
            return ""
        if required and not value.strip():
            self.fail(_at(where, key), "mag niet leeg zijn")
        if max_length is not None and len(value) > max_length:
            self.fail(_at(where, key), f"is te lang (hoogstens {max_length} tekens)")
        return value

    def optional_text(self, data: dict[str, Any], key: str, where: str) -> str | None:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            self.fail(_at(where, key), "is geen tekst")
            return None
        return value

    def number(self, data: dict[str, Any], key: str, where: str, highest: int | None) -> int:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(_at(where, key), "ontbreekt of is geen geheel getal van 1 of meer")
            return 1
        if highest is not None and value > highest:
            self.fail(_at(where, key), f"is hoger dan de revisie van de case ({highest})")
        return value

    def flag(self, data: dict[str, Any], key: str, where: str) -> bool:
        value = data.get(key)
        if not isinstance(value, bool):
            self.fail(_at(where, key), "ontbreekt of is geen true/false")
            return False
        return value

    def moment(self, data: dict[str, Any], key: str, where: str) -> dt.datetime:
        text = data.get(key)
        try:
            moment = dt.datetime.fromisoformat(text) if isinstance(text, str) else None
        except ValueError:
            moment = None
        if moment is None:
            self.fail(_at(where, key), "ontbreekt of is geen tijdstip (ISO 8601)")
            return dt.datetime.now(dt.UTC)
        aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC)

    def present(self, data: dict[str, Any], key: str, where: str) -> Any:
        if key not in data:
            self.fail(_at(where, key), "ontbreekt")
        return data.get(key)


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _checked_bundle(bundle: Any) -> dict[str, Any]:
    """The bundle's contents in the form the import writes; TransferError with every problem."""
    check = _Checker()
    top = check.obj(bundle, "")
    if not top:
        raise TransferError(["Het bestand is geen export van een case (geen JSON-object)."])
    if top.get("format") != FORMAT:
        raise TransferError(
            [f"Het bestand is geen export van een case (verwacht format '{FORMAT}')."]
        )
    if top.get("format_version") != FORMAT_VERSION:
        raise TransferError(
            [
                f"Exportformaat versie {top.get('format_version')!r} wordt niet ondersteund; "
                f"deze versie van samenrekenen leest versie {FORMAT_VERSION}."
            ]
        )
    case = check.obj(top.get("case"), "case")
    settings = check.obj(case.get("settings"), "case.settings")
    revision = check.number(case, "revision", "case", None)
    document = check.obj(case.get("document"), "case.document")
    data: dict[str, Any] = {
        "name": check.text(case, "name", "case", 200, required=True),
        "participants_see_others": check.flag(settings, "participants_see_others", "case.settings"),
        "revision": revision,
        "created_at": check.moment(case, "created_at", "case"),
        "updated_at": check.moment(case, "updated_at", "case"),
        "document": document,
    }
    participant_ids = {p.get("id") for p in document.get("participants", []) if isinstance(p, dict)}
    data["members"] = _checked_members(check, top, participant_ids)
    data["audit"] = _checked_audit(check, top, revision)
    data["versions"] = _checked_versions(check, top, revision)
    if document:
        try:
            checked(document)
        except InvalidEdit as exc:
            check.errors += [error.format("case.document") for error in exc.errors]
    if check.errors:
        shown = check.errors[:_MAX_ERRORS]
        if len(check.errors) > _MAX_ERRORS:
            shown.append(f"… en nog {len(check.errors) - _MAX_ERRORS} problemen.")
        raise TransferError(shown)
    return data


def _checked_members(
    check: _Checker, top: dict[str, Any], participant_ids: set[Any]
) -> list[dict[str, Any]]:
    members: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, member in enumerate(check.items(top, "members", "")):
        where = f"members[{index}]"
        email = normalise_email(check.text(member, "email", where, 254))
        if "@" not in email:
            check.fail(f"{where}.email", "is geen geldig e-mailadres")
        elif email in seen:
            check.fail(f"{where}.email", f"{email} staat twee keer in de ledenlijst")
        seen.add(email)
        role = check.text(member, "role", where)
        if role not in Role.ALL:
            check.fail(f"{where}.role", f"kies een van: {', '.join(Role.ALL)}")
        participant = check.optional_text(member, "participant_id", where)
        if role == Role.PARTICIPANT and participant not in participant_ids:
            check.fail(
                f"{where}.participant_id",
                "een deelnemer hoort bij een deelnemer (gemeente) uit de case",
            )
        members.append(
            {
                "email": email,
                "name": check.text(member, "name", where, 200),
                "role": role,
                "participant_id": participant if role == Role.PARTICIPANT else None,
            }
        )
    return members


def _checked_audit(check: _Checker, top: dict[str, Any], revision: int) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for index, entry in enumerate(check.items(top, "audit", "")):
        where = f"audit[{index}]"
        entries.append(
            {
                "revision": check.number(entry, "revision", where, revision),
                "user_email": check.text(entry, "user_email", where, 254),
                "at": check.moment(entry, "at", where),
                "action": check.text(entry, "action", where, 20, required=True),
                "path": check.text(entry, "path", where),
                "locked_path": check.text(entry, "locked_path", where),
                "old_value": check.present(entry, "old_value", where),
                "new_value": check.present(entry, "new_value", where),
            }
        )
    return entries


def _checked_versions(check: _Checker, top: dict[str, Any], revision: int) -> list[dict[str, Any]]:
    versions: list[dict[str, Any]] = []
    for index, version in enumerate(check.items(top, "versions", "")):
        where = f"versions[{index}]"
        versions.append(
            {
                "name": check.text(version, "name", where, 200, required=True),
                "revision": check.number(version, "revision", where, revision),
                "engine_version": check.text(version, "engine_version", where, 40),
                "created_by": check.text(version, "created_by", where, 254),
                "created_at": check.moment(version, "created_at", where),
                "document": check.obj(version.get("document"), f"{where}.document"),
                "results": check.obj(version.get("results"), f"{where}.results"),
            }
        )
    return versions


# --- import -----------------------------------------------------------------------------------


def import_case(db: Database, bundle: Any, created_users: list[str] | None = None) -> int:
    """Store a bundle as a new case and return its id; all or nothing.

    Raises TransferError (nothing stored) when the bundle or its case document is invalid.
    The e-mail addresses of users that had to be created (without a password) are appended
    to ``created_users`` when it is given.
    """
    data = _checked_bundle(bundle)
    created: list[str] = []
    with db.session() as session:
        row = CaseRow(
            name=data["name"],
            document=data["document"],
            revision=data["revision"],
            participants_see_others=data["participants_see_others"],
            created_at=data["created_at"],
            updated_at=data["updated_at"],
        )
        session.add(row)
        session.flush()
        users = _UserFinder(session)
        _add_members(session, row.id, data["members"], users, created)
        _add_audit(session, row.id, data["audit"], users.find)
        _add_versions(session, row.id, data["versions"])
        case_id = row.id
    if created_users is not None:
        created_users.extend(created)
    return case_id


class _UserFinder:
    """Users by e-mail address within the import's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._found: dict[str, User | None] = {}

    def find(self, email: str) -> User | None:
        email = normalise_email(email)
        if email not in self._found:
            self._found[email] = self.session.scalar(select(User).where(User.email == email))
        return self._found[email]

    def find_or_create(self, email: str, name: str, created: list[str]) -> User:
        user = self.find(email)
        if user is None:
            user = User(email=normalise_email(email), name=name.strip(), password_hash=None)
            self.session.add(user)
            self.session.flush()
            self._found[user.email] = user
            created.append(user.email)
        return user


def _add_members(
    session: Session,
    case_id: int,
    members: list[dict[str, Any]],
    users: _UserFinder,
    created: list[str],
) -> None:
    for member in members:
        user = users.find_or_create(member["email"], member["name"], created)
        session.add(
            Membership(
                case_id=case_id,
                user_id=user.id,
                role=member["role"],
                participant_id=member["participant_id"],
            )
        )


def _add_audit(
    session: Session,
    case_id: int,
    entries: list[dict[str, Any]],
    find: Callable[[str], User | None],
) -> None:
    for entry in entries:
        author = find(entry["user_email"]) if entry["user_email"] else None
        session.add(
            AuditEntry(
                case_id=case_id,
                revision=entry["revision"],
                user_id=author.id if author else None,
                user_email=entry["user_email"],
                at=entry["at"],
                action=entry["action"],
                path=entry["path"],
                locked_path=entry["locked_path"],
                old_value=entry["old_value"],
                new_value=entry["new_value"],
            )
        )


def _add_versions(session: Session, case_id: int, versions: list[dict[str, Any]]) -> None:
    for version in versions:
        session.add(Version(case_id=case_id, **version))
