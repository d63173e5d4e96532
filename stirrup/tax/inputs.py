"""What the owner tells the simulator about the home and the placement."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta

from stirrup.tax.communes import normalise_insee_code
from stirrup.tax.errors import TaxInputError
from stirrup.tax.parameters import ENERGY_CLASSES
from stirrup.words import Words

# Stirrup's placements last six calendar months; this is the product's rule, not a tax figure.
PLACEMENT_MONTHS = 6

Number = Decimal | int | float | str


@dataclass(frozen=True)
class EstimateInput:
    """The home and the placement, checked on creation so an invalid input cannot exist.

    `start` is the first day of occupation and `end` the last one, both inclusive; without `end`
    the placement runs six calendar months (1 March -> 31 August). Amounts are euros.
    """

    commune: str  # INSEE code, e.g. "59512" for Roubaix
    surface_m2: Decimal
    vacant_since: date
    start: date
    end: date | None = None
    furnished: bool = False
    energy_class: str | None = None  # DPE class A-G
    cadastral_value_eur: Decimal | None = None  # valeur locative cadastrale, per year
    marginal_rate_pct: int | None = None  # owner's marginal income-tax rate
    market_rent_eur_month: Decimal | None = None  # excluding charges

    def __post_init__(self) -> None:
        set_field = object.__setattr__  # the dataclass is frozen; normalise once, here
        set_field(self, "commune", normalise_insee_code(self.commune))
        set_field(self, "surface_m2", to_decimal("surface_m2", self.surface_m2))
        if self.surface_m2 <= 0:
            raise TaxInputError("surface_m2", Words("must be more than 0 m²"))
        for name in ("cadastral_value_eur", "market_rent_eur_month"):
            value = getattr(self, name)
            if value is not None:
                set_field(self, name, to_decimal(name, value))
                if getattr(self, name) < 0:
                    raise TaxInputError(name, Words("must not be negative"))
        if self.end is None:
            set_field(self, "end", self.start + relativedelta(months=PLACEMENT_MONTHS) - timedelta(days=1))
        if self.placement_end < self.start:
            raise TaxInputError(
                "end",
                Words(
                    "the placement ends (%(end)s) before it starts (%(start)s)",
                    end=self.end,
                    start=self.start,
                ),
            )
        if self.vacant_since > self.start:
            raise TaxInputError(
                "vacant_since", Words("the home must already be vacant when the placement starts")
            )
        if self.energy_class is not None:
            set_field(self, "energy_class", self.energy_class.strip().upper())
            if self.energy_class not in ENERGY_CLASSES or len(self.energy_class) != 1:
                raise TaxInputError("energy_class", Words("must be one letter from A to G"))
        if self.marginal_rate_pct is not None and (
            isinstance(self.marginal_rate_pct, bool) or not isinstance(self.marginal_rate_pct, int)
        ):
            raise TaxInputError("marginal_rate_pct", Words("must be a whole percentage such as 30"))

    @property
    def placement_end(self) -> date:
        """The last day of occupation (always set after creation)."""
        assert self.end is not None
        return self.end

    @property
    def occupied_days(self) -> int:
        """Days of occupation, first and last included."""
        return (self.placement_end - self.start).days + 1


def to_decimal(field: str, value: Number) -> Decimal:
    """Accept the number types callers have (API floats, CLI floats, Decimals) as a Decimal."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise TaxInputError(field, Words("%(value)s is not a number", value=repr(value))) from None
    if not number.is_finite():
        raise TaxInputError(field, Words("%(value)s is not a finite number", value=str(value)))
    return number
