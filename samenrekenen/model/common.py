"""Building blocks shared by every part of the case model.

Amounts are euros excluding VAT at the price level of the case's first year (the price basis),
unless a field says otherwise. Percentages carry ``_pct`` in their name and are entered as
percentages (``15`` means 15%); rates carry ``rate`` and are fractions (``0.02`` means 2%).
Years are calendar years everywhere.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

SHARE = "share"
"""Bearer and entity key of the shared service organisation."""

MEMBERS = "members"
"""Bearer meaning: every member of the scenario bears the line (each its own amount, or a split
of one total by the line's allocation key)."""


class Model(BaseModel):
    """Base of every case record: unknown fields are refused, so typos surface as errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SourceNote(Model):
    """Where an input comes from, so that the case is its own assumptions register."""

    supplied_by: str | None = Field(None, description="Person or organisation that supplied it.")
    document: str | None = Field(None, description="Document (and page) it was taken from.")
    date: dt.date | None = Field(None, description="When it was supplied or last checked.")
    note: str | None = Field(None, description="Free explanation of the assumption.")


Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        description="Identifier: letters, digits, '_', '.', '-'.",
    ),
]

Year = Annotated[int, Field(ge=1900, le=2200, description="Calendar year.")]

YearValues = dict[int, float]
"""Amounts or percentages per calendar year. Structural lines hold a value from its year until
the next given year (a step function); one-off lines and investments use exactly the given
years."""


class Sourced(Model):
    """A record that can carry a source note."""

    source: SourceNote | None = Field(None, description="Source of this input.")


class BasisKind(StrEnum):
    """How a line's values scale with the set of members (needed to recompute a case for
    another coalition)."""

    FIXED = "fixed"
    PER_MEMBER = "per_member"
    PER_DRIVER = "per_driver"


class Basis(Model):
    """Basis of a line: a fixed amount, an amount per member, or an amount per driver unit.

    For a line borne by the share, ``per_member`` multiplies by the number of members and
    ``per_driver`` by the members' total of the driver; for a line borne by a participant it
    multiplies by 1 and by that participant's own driver value respectively.
    """

    kind: BasisKind = BasisKind.FIXED
    driver: str | None = Field(
        None, description="Volume driver for per_driver, e.g. 'inhabitants' or 'workplaces'."
    )


class KeyKind(StrEnum):
    """Allocation keys (verdeelsleutels) for splitting an amount over members."""

    INHABITANTS = "inhabitants"
    WORKPLACES = "workplaces"
    ACCOUNTS = "accounts"
    EMPLOYEES = "employees"
    DRIVER = "driver"
    EQUAL = "equal"
    FIXED = "fixed"
    ORIGIN = "origin"


class AllocationKey(Model):
    """A key that splits an amount over the members of a scenario.

    Driver keys weigh members by their volume in the year; ``equal`` gives equal shares;
    ``fixed`` uses ``percentages`` (renormalised over the members present); ``origin`` weighs
    by what each member transferred to the share in the knip.
    """

    kind: KeyKind = KeyKind.INHABITANTS
    driver: str | None = Field(None, description="Driver name when kind is 'driver'.")
    percentages: dict[str, float] | None = Field(
        None, description="Percentage per participant id when kind is 'fixed'; adds up to 100."
    )


def first_of_year(year: int) -> dt.date:
    """1 January of ``year``: the default go-live date."""
    return dt.date(year, 1, 1)
