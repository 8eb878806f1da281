"""Accounts: users, argon2 passwords, sessions, one-time links and login throttling.

Tokens (session cookies, API bearer tokens, invitation and reset links) are random 32-byte
strings handed to the user once; the database holds only their SHA-256, so a copy of the
database opens no session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .db import Database
from .tables import LoginFailure, LoginSession, OneTimeLink, User, utcnow

SESSION_LIFETIME = dt.timedelta(hours=12)
LINK_LIFETIME = dt.timedelta(days=7)
THROTTLE_WINDOW = dt.timedelta(minutes=15)
THROTTLE_FAILURES = 5
MIN_PASSWORD_LENGTH = 10

INVITATION = "invitation"
RESET = "reset"
INVALID_LINK = "Deze link is ongeldig, verlopen of al gebruikt."
"""What a user reads for a link that does not (or no longer) work."""

_hasher = PasswordHasher()
# Verifying against this hash when the e-mail is unknown keeps the answer time the same.
_DUMMY_HASH = _hasher.hash("samenrekenen-dummy-password")


class AccountError(ValueError):
    """A refused account action; the message is Dutch and safe to show."""


@dataclass(frozen=True)
class LoggedIn:
    """A new session: the token to hand to the client and the session's CSRF token."""

    token: str
    csrf_token: str
    user: User


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def check_password_strength(password: str) -> None:
    """Refuse passwords that are too short (Dutch message)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.")


class Accounts:
    """Users, sessions and links in one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- users ---------------------------------------------------------------------------------

    def create_user(
        self, email: str, name: str = "", password: str | None = None, is_admin: bool = False
    ) -> User:
        """Create a user; without a password it can only log in after an invitation link."""
        email = normalise_email(email)
        if "@" not in email or len(email) > 254:
            raise AccountError("Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.")
        if password is not None:
            check_password_strength(password)
        with self.db.session() as session:
            if session.scalar(select(User).where(User.email == email)) is not None:
                raise AccountError(f"Er bestaat al een gebruiker met e-mailadres {email}.")
            user = User(
                email=email,
                name=name.strip(),
                is_admin=is_admin,
                password_hash=_hasher.hash(password) if password else None,
            )
            session.add(user)
            session.flush()
            return user

    def user(self, user_id: int) -> User | None:
        """The user with this id."""
        with self.db.session() as session:
            return session.get(User, user_id)

    def by_email(self, email: str) -> User | None:
        """The user with this e-mail address."""
        with self.db.session() as session:
            return session.scalar(select(User).where(User.email == normalise_email(email)))

    def all_users(self) -> list[User]:
        """Every user, by e-mail address."""
        with self.db.session() as session:
            return list(session.scalars(select(User).order_by(User.email)))

    def set_active(self, user_id: int, active: bool) -> None:
        """(De)activate a user; deactivation ends the user's sessions at once."""
        with self.db.session() as session:
            user = session.get(User, user_id)
            if user is None:
                raise AccountError("Onbekende gebruiker.")
            user.active = active
            if not active:
                session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))

    def set_password(self, user_id: int, password: str) -> None:
        """Set a new password and end the user's other sessions."""
        check_password_strength(password)
        with self.db.session() as session:
            user = session.get(User, user_id)
            if user is None:
                raise AccountError("Onbekende gebruiker.")
            user.password_hash = _hasher.hash(password)
            session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))

    # --- login and sessions --------------------------------------------------------------------

    def login(self, email: str, password: str) -> LoggedIn:
        """A new session for correct credentials of an active user; refused while throttled."""
        email = normalise_email(email)
        with self.db.session() as session:
            since = utcnow() - THROTTLE_WINDOW
            failures = session.scalar(
                select(func.count())
                .select_from(LoginFailure)
                .where(LoginFailure.email == email, LoginFailure.at > since)
            )
            if (failures or 0) >= THROTTLE_FAILURES:
                raise AccountError(
                    "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw "
                    "of vraag de beheerder om een herstellink."
                )
            user = session.scalar(select(User).where(User.email == email))
            if _verify(user.password_hash if user else None, password) and user is not None:
                if not user.active:
                    raise AccountError(
                        "Dit account is gedeactiveerd. Neem contact op met de beheerder."
                    )
                session.execute(delete(LoginFailure).where(LoginFailure.email == email))
                return self._open_session(session, user)
        # Recorded in its own transaction: the refusal must not roll it back.
        with self.db.session() as session:
            session.add(LoginFailure(email=email))
        raise AccountError("E-mailadres of wachtwoord klopt niet.")

    def _open_session(self, session: Session, user: User) -> LoggedIn:
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        row = LoginSession(
            token_hash=token_hash(token),
            user_id=user.id,
            csrf_token=csrf,
            expires_at=utcnow() + SESSION_LIFETIME,
        )
        session.add(row)
        return LoggedIn(token=token, csrf_token=csrf, user=user)

    def session_user(self, token: str) -> tuple[User, str] | None:
        """The active user and CSRF token of a live session, or None."""
        with self.db.read() as session:
            found = session.execute(
                select(User, LoginSession.csrf_token, LoginSession.expires_at)
                .join(LoginSession, LoginSession.user_id == User.id)
                .where(LoginSession.token_hash == token_hash(token))
            ).one_or_none()
            if found is None:
                return None
            user, csrf_token, expires_at = found
            if _aware(expires_at) < utcnow() or not user.active:
                return None
            return user, csrf_token

    def logout(self, token: str) -> None:
        """End a session."""
        with self.db.session() as session:
            session.execute(
                delete(LoginSession).where(LoginSession.token_hash == token_hash(token))
            )

    # --- one-time links ------------------------------------------------------------------------

    def issue_link(self, user_id: int, purpose: str) -> str:
        """A new invitation or reset token for a user (earlier unused ones stop working)."""
        token = secrets.token_urlsafe(32)
        with self.db.session() as session:
            if session.get(User, user_id) is None:
                raise AccountError("Onbekende gebruiker.")
            session.execute(
                delete(OneTimeLink).where(
                    OneTimeLink.user_id == user_id, OneTimeLink.used_at.is_(None)
                )
            )
            session.add(
                OneTimeLink(
                    user_id=user_id,
                    token_hash=token_hash(token),
                    purpose=purpose,
                    expires_at=utcnow() + LINK_LIFETIME,
                )
            )
        return token

    def link_user(self, token: str) -> User | None:
        """The user a valid, unused link belongs to."""
        with self.db.session() as session:
            link = _live_link(session, token)
            return session.get(User, link.user_id) if link else None

    def redeem_link(self, token: str, password: str) -> LoggedIn:
        """Set the password through a link (used once) and log the user in."""
        check_password_strength(password)
        with self.db.session() as session:
            link = _live_link(session, token)
            user = session.get(User, link.user_id) if link else None
            if link is None or user is None or not user.active:
                raise AccountError(INVALID_LINK)
            link.used_at = utcnow()
            user.password_hash = _hasher.hash(password)
            session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
            return self._open_session(session, user)


def _live_link(session: Session, token: str) -> OneTimeLink | None:
    link = session.scalar(select(OneTimeLink).where(OneTimeLink.token_hash == token_hash(token)))
    if link is None or link.used_at is not None or _aware(link.expires_at) < utcnow():
        return None
    return link


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
