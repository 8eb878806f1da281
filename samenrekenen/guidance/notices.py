"""What a guidance rule reports: a :class:`Notice` names the rule, what it is about and says, in
Dutch, what is the matter and what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    """A finding of a guidance rule.

    Attributes:
        rule: the rule's id, e.g. ``unassigned`` or ``ict-function-vulnerable``.
        subject: what it is about: a process code, a participant id, or empty for the case.
        message: Dutch, concrete, saying what to do.
        source: where the rule comes from (``002 §4.2``), or ``ours``.
    """

    rule: str
    subject: str
    message: str
    source: str
