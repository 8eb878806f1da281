"""Cases: documents with a revision, members, item-level optimistic locking, audit, versions.

Every edit is validated against the whole case before anything is written; the row update is
guarded by the revision that was read (``WHERE revision = :read``), so two writers can never both
win, and an edit whose base revision is older than a later change of a related path is refused
with that change (decision record 0003). On PostgreSQL an edit locks the case row before it reads
it, so concurrent edits of one case wait for each other rather than redo their work; an edit may
bring its revision's results, stored in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samenrekenen.cache import RevisionCache
from samenrekenen.io.casefile import CaseFileError, validate_document, validate_edited
from samenrekenen.model import Case
from samenrekenen.model.edits import (
    WHOLE_CASE,
    Edit,
    EditKind,
    PathError,
    apply_edit,
    get_at,
    related,
)
from samenrekenen.model.validation import CaseError

from .combine import Combiner
from .db import Database
from .results import Calculated, store_results
from .tables import AuditEntry, CaseRow, Membership, User, Version, utcnow

_RETRIES = 20
_HEAD = (
    CaseRow.id,
    CaseRow.name,
    CaseRow.revision,
    CaseRow.participants_see_others,
    CaseRow.created_at,
    CaseRow.updated_at,
)
"""The columns of a case besides its document."""


class Role:
    """Roles within a case, from most to least rights."""

    MANAGER = "beheerder"
    ADVISER = "adviseur"
    PARTICIPANT = "deelnemer"
    READER = "lezer"
    ALL = (MANAGER, ADVISER, PARTICIPANT, READER)


SETTING = "setting"
"""Audit action of a change of the case's settings or members (not of its document)."""
CASE_NAME = "@naam"
VISIBILITY = "@deelnemers_zien_elkaar"
MEMBERS = "@leden"
"""Audit paths of the case's name, its visibility setting and its members."""


ResultsOf = Callable[[Case], Calculated | None]
"""Calculates the results of a case being saved (None: store no results)."""


class _Stale(Exception):
    """The case row changed between reading and writing; the edit is retried."""


@dataclass(frozen=True)
class _Request:
    """Edits to store as one revision, made on ``base``."""

    edits: list[Edit]
    base: int
    user: User
    results: ResultsOf | None


@dataclass
class _BatchState:
    """A batch of requests part way: the revision and document the requests so far made, their
    audit entries, and the last request that was stored with its validated case."""

    revision: int
    document: dict[str, Any]
    entries: list[AuditEntry] = field(default_factory=list)
    last: tuple[_Request, Case] | None = None


class CaseNotFound(LookupError):
    """No case (or version) with this id."""


class InvalidEdit(ValueError):
    """The edit would make the case invalid; nothing was stored."""

    def __init__(self, errors: list[CaseError]) -> None:
        super().__init__("; ".join(e.format() for e in errors))
        self.errors = errors


class EditConflict(RuntimeError):
    """Someone else changed a related item after the editor's base revision."""

    def __init__(self, entries: list[AuditEntry]) -> None:
        who = f"{entries[0].user_email} heeft" if entries else "Iemand anders heeft"
        when = f" (versie {entries[0].revision})" if entries else ""
        super().__init__(
            f"{who} dit onderdeel intussen gewijzigd{when}. Uw wijziging is niet opgeslagen; "
            "bekijk de nieuwe waarde en probeer het zo nodig opnieuw."
        )
        self.entries = entries


@dataclass(frozen=True)
class Saved:
    """An edit that was stored, with the revision it produced."""

    revision: int
    path: str
    old_value: Any
    new_value: Any
    case: Case


def checked(document: dict[str, Any], new_values: list[tuple[str, Any]] | None = None) -> Case:
    """The validated case of a document; raises InvalidEdit with every error. ``new_values``,
    when given, are the (path, value) that edits put into a stored document to make this one
    (only they can hold a number that is not finite)."""
    try:
        if new_values is None:
            return validate_document(document)
        return validate_edited(document, new_values)
    except CaseFileError as exc:
        raise InvalidEdit(exc.errors) from None


class Cases:
    """Cases, their members, audit trail and versions in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # Documents by (case id, revision): a revision's document never changes, and parsing
        # it on every request dominated reading a case. Callers never change a document in
        # place (edits copy what they change), so one parsed copy can serve every request.
        self._documents: RevisionCache[tuple[int, int], dict[str, Any]] = RevisionCache(32)
        self._edits: Combiner[int, _Request, list[Saved]] = Combiner(self._apply_batch)

    # --- cases ---------------------------------------------------------------------------------

    def create(self, name: str, document: dict[str, Any], owner: User | None) -> CaseRow:
        """Store a new (validated) case; its creator becomes its *beheerder*."""
        checked(document)
        with self.db.session() as session:
            row = CaseRow(name=name.strip() or "Naamloze case", document=document, revision=1)
            session.add(row)
            session.flush()
            if owner is not None:
                session.add(Membership(case_id=row.id, user_id=owner.id, role=Role.MANAGER))
            return row

    def get(self, case_id: int) -> CaseRow:
        """The case with this id (not attached to a session); CaseNotFound when there is
        none."""
        return self.get_for(case_id, None)[0]

    def get_for(self, case_id: int, user_id: int | None) -> tuple[CaseRow, Membership | None]:
        """The case with this id and the membership of ``user_id`` in it (None when that user
        is no member), read together; CaseNotFound when there is no such case."""
        member_of = (Membership.case_id == CaseRow.id) & (Membership.user_id == user_id)
        with self.db.read() as session:
            found = session.execute(
                select(*_HEAD, Membership)
                .outerjoin(Membership, member_of)
                .where(CaseRow.id == case_id)
            ).one_or_none()
            if found is None:
                raise CaseNotFound(case_id)
            *head, member = found
            fields: dict[str, Any] = dict(zip((c.key for c in _HEAD), head, strict=True))
            document = self._documents.get((case_id, fields["revision"]))
            if document is None:
                # Read whole, so the document matches the revision even if one was saved since
                row = _row(session, case_id)
                self._documents.put((case_id, row.revision), row.document)
                return row, member
            return CaseRow(**fields, document=document), member

    def visible_to(self, user: User) -> list[tuple[CaseRow, str | None]]:
        """The cases a user may open with its role there (None for an administrator who is no
        member), by name."""
        with self.db.session() as session:
            roles = {
                m.case_id: m.role
                for m in session.scalars(select(Membership).where(Membership.user_id == user.id))
            }
            query = select(CaseRow).order_by(CaseRow.name, CaseRow.id)
            if not user.is_admin:
                query = query.where(CaseRow.id.in_(roles))
            return [(row, roles.get(row.id)) for row in session.scalars(query)]

    def rename(self, case_id: int, name: str, by: User | None = None) -> None:
        """Change a case's display name (audited when ``by`` is given)."""
        with self.db.session() as session:
            row = _row(session, case_id)
            new = name.strip() or "Naamloze case"
            _audit_setting(session, row, by, CASE_NAME, row.name, new)
            row.name = new

    def set_participants_see_others(
        self, case_id: int, value: bool, by: User | None = None
    ) -> None:
        """Whether a *deelnemer* may see other participants' detail (audited when ``by`` is
        given)."""
        with self.db.session() as session:
            row = _row(session, case_id)
            _audit_setting(session, row, by, VISIBILITY, row.participants_see_others, value)
            row.participants_see_others = value

    def delete(self, case_id: int) -> None:
        """Remove a case with its members, audit trail and versions."""
        with self.db.session() as session:
            session.delete(_row(session, case_id))

    # --- members -------------------------------------------------------------------------------

    def membership(self, case_id: int, user_id: int) -> Membership | None:
        """A user's membership of a case."""
        with self.db.read() as session:
            return session.scalar(
                select(Membership).where(
                    Membership.case_id == case_id, Membership.user_id == user_id
                )
            )

    def members(self, case_id: int) -> list[tuple[Membership, User]]:
        """The members of a case with their users, by e-mail address."""
        with self.db.session() as session:
            rows = session.execute(
                select(Membership, User)
                .join(User, User.id == Membership.user_id)
                .where(Membership.case_id == case_id)
                .order_by(User.email)
            )
            return [(m, u) for m, u in rows]

    def set_member(
        self,
        case_id: int,
        user_id: int,
        role: str,
        participant_id: str | None = None,
        by: User | None = None,
    ) -> Membership:
        """Give a user a role in a case (replacing an earlier one; audited when ``by`` is
        given)."""
        if role not in Role.ALL:
            raise ValueError(role)
        with self.db.session() as session:
            _row(session, case_id)
            member = session.scalar(
                select(Membership).where(
                    Membership.case_id == case_id, Membership.user_id == user_id
                )
            )
            if member is None:
                member = Membership(case_id=case_id, user_id=user_id)
                session.add(member)
            before = _member_text(session, member) if member.role else None
            member.role = role
            member.participant_id = participant_id if role == Role.PARTICIPANT else None
            _audit_setting(
                session, _row(session, case_id), by, MEMBERS, before, _member_text(session, member)
            )
            session.flush()
            return member

    def remove_member(self, case_id: int, user_id: int, by: User | None = None) -> None:
        """Take a user's role in a case away (audited when ``by`` is given)."""
        with self.db.session() as session:
            member = session.scalar(
                select(Membership).where(
                    Membership.case_id == case_id, Membership.user_id == user_id
                )
            )
            if member is None:
                return
            _audit_setting(
                session, _row(session, case_id), by, MEMBERS, _member_text(session, member), None
            )
            session.delete(member)

    # --- edits ---------------------------------------------------------------------------------

    def apply(
        self,
        case_id: int,
        edit: Edit,
        base_revision: int,
        user: User,
        results: ResultsOf | None = None,
    ) -> Saved:
        """Validate and store one edit made on ``base_revision``.

        ``results``, when given, calculates the new revision's results, which are stored in the
        same transaction (it may return None to store none). Raises EditConflict when a related
        path changed after ``base_revision``, InvalidEdit when the result would be invalid
        (nothing is stored in either case), CaseNotFound.
        """
        return self.apply_together(case_id, [edit], base_revision, user, results)[0]

    def apply_together(
        self,
        case_id: int,
        edits: list[Edit],
        base_revision: int,
        user: User,
        results: ResultsOf | None = None,
    ) -> list[Saved]:
        """Validate and store several edits made on ``base_revision`` as one revision (an
        imported workbook): all of them or none, each with its own audit entry. Raises as
        :meth:`apply`.

        Edits of the case that this process is asked to store meanwhile wait, and are then
        stored together in one transaction (:mod:`.combine`): each is checked and validated as
        if it came alone, but only the last revision is calculated."""
        return self._edits.submit(case_id, _Request(edits, base_revision, user, results))

    def _apply_batch(self, case_id: int, batch: list[_Request]) -> list[list[Saved] | Exception]:
        for _attempt in range(_RETRIES):
            try:
                return self._try_batch(case_id, batch)
            except _Stale:
                continue
        return [self._lost_race(case_id, request) for request in batch]

    def _lost_race(self, case_id: int, request: _Request) -> EditConflict:
        paths = [edit.locked_path for edit in request.edits]
        since = request.base
        return EditConflict([e for p in paths for e in self.changes_since(case_id, since, p)])

    def _try_batch(self, case_id: int, batch: list[_Request]) -> list[list[Saved] | Exception]:
        with self.db.session() as session:
            read_revision, document = self._locked_current(session, case_id)
            state = _BatchState(read_revision, document)
            outcomes = [self._one_of_batch(session, case_id, state, r) for r in batch]
            if state.last is None:
                return outcomes
            last_request, case = state.last
            # Before the first write: SQLite holds its write lock from there to the commit.
            results = last_request.results
            calculated = results(case) if results is not None else None
            if not _store_revision(session, case_id, read_revision, state.document, state.revision):
                # Another edit was committed in between (SQLite): roll back, try on the new state.
                raise _Stale
            session.add_all(state.entries)
            if calculated is not None:
                store_results(session, case_id, state.revision, calculated)
        self._documents.put((case_id, state.revision), state.document)
        if calculated is not None and calculated.committed is not None:
            calculated.committed(state.revision)
        return outcomes

    @staticmethod
    def _one_of_batch(
        session: Session, case_id: int, state: _BatchState, request: _Request
    ) -> list[Saved] | Exception:
        """Apply one request of a batch to the state the earlier ones left: its saved edits,
        or the exception it gets (the state is unchanged then)."""
        for edit in request.edits:
            earlier = [e for e in state.entries if related(e.locked_path, edit.locked_path)]
            if earlier:
                return EditConflict(earlier)
            conflicts = _related_changes(session, case_id, request.base, edit.locked_path)
            if conflicts:
                return _conflict(session, conflicts)
        document = state.document
        changes = []
        new_values = []
        try:
            for edit in request.edits:
                document, old = apply_edit(document, edit)
                changes.append(
                    (edit, old, edit.value if edit.kind is not EditKind.REMOVE else None)
                )
                new_values.append((_new_value_path(document, edit), edit.value))
            case = checked(document, new_values)
        except (InvalidEdit, PathError) as exc:
            return exc
        revision = state.revision + 1
        user = request.user
        state.entries += [
            _audit_entry(case_id, revision, user, edit.kind.value, edit, old, new)
            for edit, old, new in changes
        ]
        state.revision, state.document, state.last = revision, document, (request, case)
        return [Saved(revision, e.path, old, new, case) for e, old, new in changes]

    def _locked_current(self, session: Session, case_id: int) -> tuple[int, dict[str, Any]]:
        """The revision and document of a case, the document from the cache when it holds
        that revision (parsing it is most of the cost of reading a case).

        The row stays locked until the session ends where the database can
        (PostgreSQL; SQLite locks the whole database at the first write): concurrent edits of
        the case wait for each other instead of validating and calculating again after losing
        the race (measured: fewer slow saves than trying first and locking only to write). The
        lock does not conflict with the key-share lock that storing the case's results takes,
        so it cannot deadlock with them."""
        revision = session.scalar(
            select(CaseRow.revision).where(CaseRow.id == case_id).with_for_update(key_share=True)
        )
        if revision is None:
            raise CaseNotFound(case_id)
        document = self._documents.get((case_id, revision))
        if document is None:
            row = _row(session, case_id)
            revision, document = row.revision, row.document
        return revision, document

    def replace(
        self, case_id: int, document: dict[str, Any], base_revision: int, user: User
    ) -> Saved:
        """Replace the whole document (an uploaded case file): one audited change that conflicts
        with every change after ``base_revision``."""
        case = checked(document)
        with self.db.session() as session:
            row = _row(session, case_id)
            conflicts = _related_changes(session, case_id, base_revision, WHOLE_CASE)
            if conflicts:
                raise _conflict(session, conflicts)
            if row.revision != base_revision:
                raise _conflict(session, self._latest(session, case_id))
            new_revision = row.revision + 1
            if not _store_revision(session, case_id, row.revision, document):
                raise _conflict(session, self._latest(session, case_id))
            whole = Edit(EditKind.SET, WHOLE_CASE, None)
            session.add(_audit_entry(case_id, new_revision, user, "replace", whole, None, None))
            return Saved(new_revision, WHOLE_CASE, None, None, case)

    @staticmethod
    def _latest(session: Session, case_id: int) -> list[AuditEntry]:
        latest = session.scalar(
            select(AuditEntry)
            .where(AuditEntry.case_id == case_id)
            .order_by(AuditEntry.revision.desc())
            .limit(1)
        )
        return [latest] if latest else []

    def changes_since(self, case_id: int, revision: int, path: str) -> list[AuditEntry]:
        """Audit entries after ``revision`` of paths related to ``path``."""
        with self.db.session() as session:
            return _related_changes(session, case_id, revision, path)

    def audit(self, case_id: int, path: str | None = None, limit: int = 500) -> list[AuditEntry]:
        """The audit trail of a case, newest first; with ``path`` only changes related to it."""
        with self.db.session() as session:
            entries = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.case_id == case_id)
                .order_by(AuditEntry.revision.desc(), AuditEntry.id.desc())
            )
            found = [e for e in entries if path is None or related(e.path, path)]
            return found[:limit]

    # --- versions ------------------------------------------------------------------------------

    def create_version(
        self,
        case_id: int,
        name: str,
        created_by: str,
        engine_version: str,
        results_of: Callable[[Case], dict[str, Any]],
    ) -> Version:
        """Fix a named, immutable snapshot of the case's current inputs and their results."""
        name = name.strip()
        if not name:
            raise ValueError("Geef de versie een naam, bijvoorbeeld 'Raadsvoorstel maart'.")
        with self.db.session() as session:
            row = _row(session, case_id)
            version = Version(
                case_id=case_id,
                name=name,
                revision=row.revision,
                engine_version=engine_version,
                document=row.document,
                results=results_of(checked(row.document)),
                created_by=created_by,
            )
            session.add(version)
            session.flush()
            return version

    def versions(self, case_id: int) -> list[Version]:
        """The versions of a case, oldest first."""
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(Version).where(Version.case_id == case_id).order_by(Version.id)
                )
            )

    def version(self, case_id: int, version_id: int) -> Version:
        """One version of a case; CaseNotFound when it does not belong to the case."""
        with self.db.session() as session:
            version = session.get(Version, version_id)
            if version is None or version.case_id != case_id:
                raise CaseNotFound(version_id)
            return version


def _audit_setting(
    session: Session, row: CaseRow, by: User | None, path: str, old: Any, new: Any
) -> None:
    # Settings live beside the document: their entries carry the current revision (they make
    # no new one) and a path of their own, so they never conflict with edits of the document.
    if by is None or old == new:
        return
    session.add(
        AuditEntry(
            case_id=row.id,
            revision=row.revision,
            user_id=by.id,
            user_email=by.email,
            action=SETTING,
            path=path,
            locked_path=path,
            old_value=old,
            new_value=new,
        )
    )


def _member_text(session: Session, member: Membership) -> str:
    user = session.get(User, member.user_id)
    email = user.email if user is not None else f"gebruiker {member.user_id}"
    municipality = f", {member.participant_id}" if member.participant_id else ""
    return f"{email}: {member.role}{municipality}"


def _store_revision(
    session: Session,
    case_id: int,
    read_revision: int,
    document: dict[str, Any],
    revision: int | None = None,
) -> bool:
    """Write ``document`` as ``revision`` (by default the one after ``read_revision``), guarded
    by ``read_revision``; False when another change was committed since it was read."""
    stored = session.execute(
        update(CaseRow)
        .where(CaseRow.id == case_id, CaseRow.revision == read_revision)
        .values(
            document=document,
            revision=read_revision + 1 if revision is None else revision,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    return bool(stored.rowcount == 1)  # type: ignore[attr-defined]


def _new_value_path(document: dict[str, Any], edit: Edit) -> str:
    """Where ``edit`` put its value in ``document`` (an added item: at the end of its list)."""
    if edit.kind is EditKind.ADD:
        return f"{edit.path}[{len(get_at(document, edit.path)) - 1}]"
    return edit.path


def _audit_entry(
    case_id: int, revision: int, user: User, action: str, edit: Edit, old: Any, new: Any
) -> AuditEntry:
    return AuditEntry(
        case_id=case_id,
        revision=revision,
        user_id=user.id,
        user_email=user.email,
        action=action,
        path=edit.path,
        locked_path=edit.locked_path,
        old_value=old,
        new_value=new,
    )


def _row(session: Session, case_id: int) -> CaseRow:
    row = session.get(CaseRow, case_id)
    if row is None:
        raise CaseNotFound(case_id)
    return row


def _conflict(session: Session, entries: list[AuditEntry]) -> EditConflict:
    # Raising rolls the session back, which would expire the entries the caller needs to show
    # the other change; detached objects keep their loaded values.
    for entry in entries:
        session.expunge(entry)
    return EditConflict(entries)


def _related_changes(session: Session, case_id: int, base: int, path: str) -> list[AuditEntry]:
    later = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.case_id == case_id, AuditEntry.revision > base)
        .order_by(AuditEntry.revision)
    )
    return [e for e in later if related(e.locked_path, path)]


def iso(moment: dt.datetime) -> str:
    """A stored time as ISO 8601 in UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.isoformat()
