"""Benefits steering (domain §4): the benefits dependency network, indicators and actuals.

The *benefits network* (baten/relatiediagram) links measures to sources of improvement to
objectives and on to the one goal, "Effectieve gemeente"; every edge is positive or negative and
every node names who bears it. A case without its own network uses the default of domain §4,
:func:`default_network`, read from the package data file ``benefits/default_network.yaml``.

*Indicators* (kengetallen) follow a benefit line or an objective with a baseline value and a
target per year. *Actuals* are what happened after the decision: costs per entity, category and
year, volumes, realised benefits and indicator values; plan-versus-actual compares them with
the scenario that was chosen. Records only: the comparisons live in :mod:`samenrekenen.benefits`.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib import resources

import yaml
from pydantic import Field

from .common import Id, Model, Sourced, Year
from .scenario import BearerGroup

DEFAULT_NETWORK_RESOURCE = "benefits/default_network.yaml"
"""Where the default network lives in the package (read as data, not imported)."""


class NodeLayer(StrEnum):
    """The column of a node in the benefits network, from cause to effect."""

    MEASURE = "measure"
    SOURCE = "source"
    OBJECTIVE = "objective"
    GOAL = "goal"


LAYER_ORDER: tuple[NodeLayer, ...] = tuple(NodeLayer)
"""Layers from left to right: an edge never points to an earlier layer."""


class NetworkNode(Model):
    """A node of the benefits network: a measure (maatregel), a source of improvement
    (verbeterbron), an objective (doel) or the goal. An objective node whose ``id`` is the id
    of one of the case's objectives stands for that objective."""

    id: Id
    name: str = Field(min_length=1)
    layer: NodeLayer
    bearer: BearerGroup = Field(BearerGroup.BOTH, description="Wie de baat draagt.")


class NetworkEdge(Model):
    """A relation ``source`` → ``target``: positive (the source improves the target) or
    negative (it works against it, e.g. higher IT quality raises IT costs)."""

    source: str
    target: str
    positive: bool = True
    description: str | None = None


class BenefitsNetwork(Model):
    """The benefits dependency network (baten/relatiediagram) of a case."""

    nodes: list[NetworkNode] = Field(min_length=1)
    edges: list[NetworkEdge] = Field(default_factory=list)

    def node_ids(self) -> list[str]:
        """The ids of the nodes, in file order."""
        return [node.id for node in self.nodes]


@cache
def default_network() -> BenefitsNetwork:
    """The default network of domain §4 (rebuilt from the text; the published figure was lost)."""
    path = resources.files("samenrekenen").joinpath(DEFAULT_NETWORK_RESOURCE)
    return BenefitsNetwork.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


class Indicator(Sourced):
    """A kengetal that follows one benefit line (``benefit``) or one objective (``objective``):
    its value at the baseline measurement and a target per year. Actual values are recorded in
    :class:`Actuals`. ``higher_is_better`` says which side of the target is met."""

    id: Id
    name: str = Field(min_length=1)
    unit: str | None = Field(None, description="Eenheid, bijv. '%' of 'rapportcijfer'.")
    benefit: str | None = Field(None, description="Id van de baat die het kengetal volgt.")
    objective: str | None = Field(None, description="Id van de doelstelling.")
    baseline_value: float | None = None
    baseline_year: Year | None = None
    targets: dict[int, float] = Field(default_factory=dict, description="Streefwaarde per jaar.")
    higher_is_better: bool = True


class CostActual(Model):
    """The actual cost of one entity (a participant id or ``share``) in one category and year,
    in euros excluding VAT, in the cost view and before monetised benefits."""

    entity: str
    category: str
    year: Year
    amount_eur: float


class VolumeActual(Model):
    """An actual volume of a participant in a year: of a product of the charging design
    (``driver`` is the product id) or of a volume driver such as ``inhabitants``."""

    participant: str
    driver: str
    year: Year
    value: float = Field(ge=0)


class BenefitActual(Model):
    """The benefit a monetised benefit line actually brought in a year (all bearers together)."""

    benefit: str
    year: Year
    amount_eur: float


class IndicatorActual(Model):
    """The measured value of an indicator in a year."""

    indicator: str
    year: Year
    value: float


class Actuals(Sourced):
    """What happened after the decision. ``scenario`` is the scenario decided on (default: the
    first scenario that is not the baseline); ``operation_start_year`` the first year the share
    is in operation (default: the first year of that scenario's knip)."""

    scenario: str | None = None
    operation_start_year: Year | None = None
    costs: list[CostActual] = Field(default_factory=list)
    volumes: list[VolumeActual] = Field(default_factory=list)
    benefits: list[BenefitActual] = Field(default_factory=list)
    indicators: list[IndicatorActual] = Field(default_factory=list)
