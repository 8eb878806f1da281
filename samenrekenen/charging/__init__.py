"""Charging the share's costs to the members (verrekening, domain §3).

:func:`charge` applies a case's charging design to a calculated scenario: cost prices, tariffs,
invoices per product, keyed charges, the settlement and each member's bill, reconciled to the
cent; :func:`charge_with_volumes` and :func:`charge_with_pools` do the same with changed
volumes or costs. :mod:`.bills` turns a charging into each member's view: its bill, its own
business case with the real charging and the effect of a volume change. :mod:`.quality` checks
a design against the criteria of domain §3.
"""

from .compute import (
    Charging,
    ChargingError,
    ProductCharge,
    applies_to,
    charge,
    charge_with_pools,
    charge_with_volumes,
)

__all__ = [
    "Charging",
    "ChargingError",
    "ProductCharge",
    "applies_to",
    "charge",
    "charge_with_pools",
    "charge_with_volumes",
]
