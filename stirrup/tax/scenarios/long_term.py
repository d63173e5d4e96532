"""Scenario 4: after the six months, letting long term through an association.

Loc'Avantages (CGI art. 199 tricies) and the Anah intermediation premium need a convention of
several years and a rent: they never apply to the six-month placement. This scenario shows what
one year of such a commitment would give, starting the day after the placement ends.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from stirrup.tax.confidence import Confidence, weakest
from stirrup.tax.context import Context
from stirrup.tax.money import ZERO, eur
from stirrup.tax.results import MoneyLine, Scenario, ScenarioKey
from stirrup.words import Euros, Percent, Words, joined

# The rent ceiling really comes from the Anah simulator; market rent less the discount is a proxy.
RENT_CEILING = Confidence.UNCERTAIN
HEADLINE_LEVEL = "loc2"  # social rent, the lowest level that earns the intermediation premium
PREMIUM_LEVELS = ("loc2", "loc3")
PREMIUM_KINDS = {
    "sublet": Words("association renting and subletting"),
    "mandate": Words("social management mandate"),
}
PREMIUM_NAMES = {"sublet": Words("sublet premium"), "mandate": Words("mandate premium")}


@dataclass(frozen=True)
class Offer:
    """One way of entering the schemes: a rent level and a kind of intermediation."""

    level: str
    premium: str  # "sublet" (the association rents and sublets) or "mandate" (social agency)

    @property
    def label(self) -> Words:
        """'Loc2 with intermediation, mandate premium', or no premium for Loc1."""
        premium = PREMIUM_NAMES[self.premium] if self.level in PREMIUM_LEVELS else Words("no premium")
        return Words(
            "%(level)s with intermediation, %(premium)s", level=self.level.capitalize(), premium=premium
        )


def long_term(ctx: Context) -> Scenario:
    """One year of Loc'Avantages with intermediation and the one-off premium, with their conditions."""
    day = ctx.inputs.placement_end + timedelta(days=1)
    blockers = obstacles(ctx, day)
    lines: tuple[MoneyLine, ...]
    if blockers:
        lines = (
            MoneyLine(
                Words("Loc'Avantages and intermediation premium: not available"),
                ZERO,
                joined(blockers),
                "CGI art. 199 tricies",
                Confidence.UNCERTAIN,
            ),
        )
        variants: tuple[MoneyLine, ...] = ()
    else:
        lines = offer_lines(ctx, day, Offer(HEADLINE_LEVEL, "sublet"))
        variants = tuple(
            variant(offer.label, offer_lines(ctx, day, offer))
            for offer in (Offer("loc1", "sublet"), Offer("loc3", "sublet"), Offer("loc2", "mandate"))
        )
    total = sum((line.amount_eur for line in lines), ZERO)
    return Scenario(
        ScenarioKey.LONG_TERM,
        Words("After the six months: multi-year letting via an association (year 1)"),
        joined(
            [
                Words("Not available for a six-month placement."),
                Words(
                    "Committing for several years after it would give about %(total)s in its first year, on "
                    "top of the rent.",
                    total=Euros(total),
                )
                if total
                else Words("See the conditions."),
            ]
        ),
        lines,
        variants,
        conditions(ctx, day),
    )


def obstacles(ctx: Context, day: date) -> list[Words]:
    """Why the schemes are out of reach for this home, if they are."""
    found = []
    rate = ctx.parameters.find(f"locav.rate.{HEADLINE_LEVEL}.iml", day)
    if rate is None:
        last = ctx.parameters.rows(f"locav.rate.{HEADLINE_LEVEL}.iml")[-1]
        found.append(
            Words(
                "Loc'Avantages conventions could be signed until %(day)s (%(reference)s).",
                day=last.valid_to,
                reference=last.legal_reference,
            )
        )
    if ctx.inputs.furnished:
        found.append(Words("Loc'Avantages needs an unfurnished home."))
    worst = ctx.parameters.find("locav.worst_allowed_energy_class", day)
    if worst and ctx.inputs.energy_class and ctx.inputs.energy_class > worst.text:
        found.append(
            Words(
                "Energy class %(energy)s is excluded (worst allowed: %(worst)s, to confirm).",
                energy=ctx.inputs.energy_class,
                worst=worst.text,
            )
        )
    if ctx.monthly_rent is None:
        found.append(Words("Give the market rent to estimate the reduction."))
    return found


def offer_lines(ctx: Context, day: date, offer: Offer) -> tuple[MoneyLine, ...]:
    """The yearly reduction at one rent level, and the premium when that level earns one."""
    assert ctx.monthly_rent is not None
    rate = ctx.parameters.get(f"locav.rate.{offer.level}.iml", day)
    discount = ctx.parameters.get(f"locav.rent_discount.{offer.level}", day)
    cap = ctx.parameters.get("niches.global_cap", day)
    yearly_rent = eur(ctx.monthly_rent.value * (1 - discount.number) * 12)
    reduction = min(eur(yearly_rent * rate.number), cap.number)
    lines = [
        MoneyLine(
            Words(
                "Loc'Avantages tax reduction, %(level)s with intermediation (per year)",
                level=offer.level.capitalize(),
            ),
            reduction,
            Words(
                "Rent about %(discount)s below market: %(rent)s a year × %(rate)s (at most %(cap)s of tax "
                "breaks a year). The real rent ceiling comes from the Anah simulator.",
                discount=Percent(discount.number),
                rent=Euros(yearly_rent),
                rate=Percent(rate.number),
                cap=Euros(cap.number),
            ),
            rate.legal_reference,
            weakest(rate.confidence, discount.confidence, ctx.monthly_rent.confidence, RENT_CEILING),
        )
    ]
    if offer.level in PREMIUM_LEVELS:
        lines.append(premium_line(ctx, day, offer.premium))
    return tuple(lines)


def premium_line(ctx: Context, day: date, kind: str) -> MoneyLine:
    """The one-off Anah premium, with its bonus for small homes."""
    base = ctx.parameters.get(f"anah.pil.{kind}", day)
    bonus = ctx.parameters.get("anah.pil.small_unit_bonus", day)
    small = ctx.parameters.get("anah.pil.small_unit_max_surface_m2", day)
    is_small = ctx.inputs.surface_m2 <= small.number
    amount: Decimal = base.number + (bonus.number if is_small else ZERO)
    size = (
        Words("+ %(bonus)s for %(surface)s m² or less", bonus=Euros(bonus.number), surface=small.number)
        if is_small
        else Words("no small-home bonus above %(surface)s m²", surface=small.number)
    )
    return MoneyLine(
        Words("Intermediation premium (one-off)"),
        eur(amount),
        Words(
            "%(base)s (%(kind)s), %(size)s. Whether Anah still pays it is not confirmed.",
            base=Euros(base.number),
            kind=PREMIUM_KINDS[kind],
            size=size,
        ),
        base.legal_reference,
        weakest(base.confidence, bonus.confidence, small.confidence),
    )


def variant(label: Words, lines: tuple[MoneyLine, ...]) -> MoneyLine:
    """A whole-scenario total for another rent level or premium."""
    return MoneyLine(
        label,
        sum((line.amount_eur for line in lines), ZERO),
        joined(
            Words("%(label)s: %(amount)s.", label=line.label, amount=Euros(line.amount_eur)) for line in lines
        ),
        "; ".join(dict.fromkeys(line.legal_reference for line in lines)),
        weakest(*(line.confidence for line in lines)),
    )


def conditions(ctx: Context, day: date) -> tuple[Words, ...]:
    """The multi-year commitments, with the figures in force when the letting would start."""
    found = []
    years = ctx.parameters.find("locav.min_convention_years", day)
    if years:
        found.append(
            Words(
                "An Anah convention of at least %(years)s years (signed by %(day)s), a main-residence "
                "lease under the loi de 1989 to a tenant under income ceilings, unfurnished, below the "
                "market rent.",
                years=years.number,
                day=years.valid_to,
            )
        )
    iml = ctx.parameters.get("anah.pil.min_iml_years", day)
    found.append(
        Words(
            "The premium needs Loc2 or Loc3 with intermediation kept for at least %(years)s years "
            "(to confirm).",
            years=iml.number,
        )
    )
    worst = ctx.parameters.find("locav.worst_allowed_energy_class", day)
    if worst:
        found.append(
            Words(
                "Energy: homes rated worse than %(worst)s are excluded according to one source (to confirm).",
                worst=worst.text,
            )
        )
    found.append(
        Words(
            "None of this applies to the six-month placement: no multi-year convention, no main-residence "
            "lease, and no rent (the reduction is a share of rent received)."
        )
    )
    return tuple(found)
