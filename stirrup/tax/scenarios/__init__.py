"""The four scenarios compared for one home, one module each."""

from stirrup.tax.scenarios.association_donation import association_donation
from stirrup.tax.scenarios.free_loan import free_loan
from stirrup.tax.scenarios.long_term import long_term
from stirrup.tax.scenarios.vacant import vacant

__all__ = ["association_donation", "free_loan", "long_term", "vacant"]
