"""Risk and uncertainty (domain §5): the probabilistic business case on top of the engine.

Offers :func:`run_monte_carlo` (Monte Carlo over every bandwidth, through the engine's batch
axis), :func:`run_sensitivity` (tornado and break-even search), :func:`risk_plan` (the map from
uncertain inputs to the engine's variant arrays), :func:`with_register` and
:func:`register_summary` (the risk register in numbers).
"""

from .montecarlo import EntityDistribution, MonteCarloResult, run_monte_carlo
from .register import RegisterSummary, register_summary, with_register
from .sensitivity import SensitivityResult, TornadoBar, run_sensitivity
from .variants import RiskPlan, UncertainInput, risk_plan

__all__ = [
    "EntityDistribution",
    "MonteCarloResult",
    "RegisterSummary",
    "RiskPlan",
    "SensitivityResult",
    "TornadoBar",
    "UncertainInput",
    "register_summary",
    "risk_plan",
    "run_monte_carlo",
    "run_sensitivity",
    "with_register",
]
