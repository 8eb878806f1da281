"""The hierarchical TCO category taxonomy (cost model, domain §2.2)."""

from __future__ import annotations

from pydantic import Field

from .common import Id, Model


class Category(Model):
    """A cost category. Categories form a tree through ``parent``; amounts may be entered on
    any category, and results can be rolled up to the top level."""

    id: Id
    name: str = Field(min_length=1)
    parent: str | None = Field(None, description="Id of the parent category.")
    budget_code: str | None = Field(
        None, description="Municipal budget code (taakveld) to group results as the budget does."
    )


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category(id="werkplek", name="Werkplek", budget_code="0.4"),
    Category(id="servers_storage", name="Servers en storage", budget_code="0.4"),
    Category(id="datacommunicatie", name="Datacommunicatie", budget_code="0.4"),
    Category(id="spraakcommunicatie", name="Spraakcommunicatie", budget_code="0.4"),
    Category(id="software", name="Software (diensten)", budget_code="0.4"),
    Category(id="faciliteiten", name="Faciliteiten", budget_code="0.4"),
    Category(id="personele_inzet", name="Personele inzet", budget_code="0.4"),
)
"""Default taxonomy of the municipal ICT benchmark TCO model (source 000)."""

DEFAULT_FUNCTION_GROUPS: tuple[str, ...] = (
    "Management",
    "Bedrijfsbureau",
    "Informatieadvies, innovatie en projecten",
    "Functioneel beheer",
    "Technisch beheer",
    "CIO-office",
    "Opdrachtgeverschap",
    "Informatiemanagement",
)
"""Function groups for staffing (2013 case), including roles retained at participants."""


def root_of(category_id: str, categories: dict[str, Category]) -> str:
    """The top-level ancestor of a category (itself when it has no parent)."""
    seen = {category_id}
    current = categories[category_id]
    while current.parent is not None and current.parent in categories:
        if current.parent in seen:
            break
        seen.add(current.parent)
        current = categories[current.parent]
    return current.id
