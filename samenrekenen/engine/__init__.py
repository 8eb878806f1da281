"""Pure, vectorised computation of business cases: no I/O, no database, no formatting.

Offers :func:`calculate` (one case with full detail), :func:`compile_case` with
:func:`evaluate_batch` (many variants of one case through the batch axis, in chunks),
:func:`evaluate_memberships` (one scenario for many member sets),
:func:`capital_charge_schedule`, :func:`largest_remainder` and ``ENGINE_VERSION``.
"""

from .calculate import (
    ENGINE_VERSION,
    BatchResult,
    MembershipResult,
    calculate,
    evaluate_all,
    evaluate_batch,
    evaluate_memberships,
)
from .capital import CapitalSchedule, capital_charge_schedule
from .compile import CompiledCase, compile_case
from .evaluate import Variants, single_variant
from .results import CaseResult, Component, EntityResult, Metrics, ScenarioResult
from .rounding import largest_remainder

__all__ = [
    "ENGINE_VERSION",
    "BatchResult",
    "CapitalSchedule",
    "CaseResult",
    "CompiledCase",
    "Component",
    "EntityResult",
    "MembershipResult",
    "Metrics",
    "ScenarioResult",
    "Variants",
    "calculate",
    "capital_charge_schedule",
    "compile_case",
    "evaluate_all",
    "evaluate_batch",
    "evaluate_memberships",
    "largest_remainder",
    "single_variant",
]
