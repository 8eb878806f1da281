"""Fairness of a cooperation's cost split as a cost game (domain §7).

:mod:`.game` (pure numpy/scipy, re-exported here) offers :class:`CostGame` with
:func:`shapley_exact`, :func:`shapley_sampled`, :func:`nucleolus`, :func:`core_nonempty`,
:func:`analyse_allocation`, :func:`compensation`, :func:`proportional` and
:func:`proportional_to_stand_alone`. :mod:`.coalitions` builds a case's cost game through the
engine and explores coalitions; :mod:`.analysis` puts a scenario's allocations side by side.
Those two are imported from their modules, so this package stays free of the engine.
"""

from .game import (
    AllocationCheck,
    Compensation,
    CostFunction,
    CostGame,
    IntArray,
    ShapleyEstimate,
    analyse_allocation,
    compensation,
    core_nonempty,
    nucleolus,
    proportional,
    proportional_to_stand_alone,
    shapley_exact,
    shapley_sampled,
)

__all__ = [
    "AllocationCheck",
    "Compensation",
    "CostFunction",
    "CostGame",
    "IntArray",
    "ShapleyEstimate",
    "analyse_allocation",
    "compensation",
    "core_nonempty",
    "nucleolus",
    "proportional",
    "proportional_to_stand_alone",
    "shapley_exact",
    "shapley_sampled",
]
