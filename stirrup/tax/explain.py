"""The words around the numbers: assumptions, warnings (traps and uncertainties), the timing rule."""

from datetime import date

from stirrup.tax.context import Context
from stirrup.tax.money import eur, format_eur, format_pct
from stirrup.tax.occupancy import days_within, placement_effect, spans_new_year
from stirrup.tax.results import Scenario


def commune_label(ctx: Context) -> str:
    """'Roubaix (59512)', or the code alone when no list names the commune."""
    name = ctx.rules.communes.name(ctx.inputs.commune)
    return f"{name} ({ctx.inputs.commune})" if name else f"commune {ctx.inputs.commune}"


def assumptions(ctx: Context) -> tuple[str, ...]:
    """Every assumption behind the figures, in plain words."""
    inputs, parameters = ctx.inputs, ctx.parameters
    zone = ctx.rules.communes.zone_entry(inputs.commune, date(inputs.start.year, 1, 1))
    works = parameters.get("vacancy_tax.habitability_works_threshold", inputs.start)
    found = [
        f"{commune_label(ctx)} is on list {zone.zone_list}° of the vacancy-tax zone ({zone.legal_reference})."
        if zone
        else f"{commune_label(ctx)} is not on list 1° of the vacancy-tax zone in our data.",
        (
            "The home is furnished."
            if inputs.furnished
            else "The home is unfurnished (or too sparsely furnished to live in)."
        )
        + " It is habitable and not exempt: no works costing more than "
        f"{format_pct(works.number)} of its value are needed, and it was not offered for rent or sale at "
        "market price without finding a taker.",
        ctx.base.explanation,
        f"Vacant since {inputs.vacant_since}. Years already charged count towards the second-year rate, "
        "including across the change from TLV to TVLH, as in the research note's example.",
    ]
    fees = [parameters.get("vacancy_tax.fees_rate", date(y, 1, 1)) for y in ctx.display_years]
    found += [
        f"{f.note} ({f.valid_from.year} onwards)." for f in dict.fromkeys(fees) if f.confidence == "uncertain"
    ]
    found += [
        "The commune keeps the default vacancy-tax rates; the highest rates it may vote are a variant.",
        "Whether the first-year rate restarts after a placement is not confirmed: left out of the totals, "
        "shown as a variant.",
        "The occupant leaves on the agreed date.",
        "Property tax is the same in every scenario, so it is left out of the comparison.",
        ctx.monthly_rent.explanation if ctx.monthly_rent else "Market rent not given and not estimable here.",
        ctx.marginal_rate.explanation,
        "For the association route: the body qualifies for the 75 % rate, you use micro-foncier, you have "
        "no other such gifts that year, and your income tax is at least the reduction.",
        "Amounts are euros, each line rounded to the cent (half up); totals are sums of lines. Income tax "
        "on a year's income counts in the next tax year, when it is assessed.",
    ]
    return tuple(found)


def timing_rule(ctx: Context) -> str:
    """Which year's tax the placement cancels, and why, in words."""
    inputs = ctx.inputs
    first = ctx.affected_years[0]
    test = ctx.parameters.get("vacancy_tax.occupancy_break_days", date(first, 1, 1))
    limit = int(test.number)
    spread = ", ".join(
        f"{days_within(inputs, y)} days in {y}"
        for y in range(inputs.start.year, inputs.placement_end.year + 1)
    )
    cancelled = [y for y in ctx.affected_years if placement_effect(inputs, y, ctx.parameters).cancelled]
    text = (
        f"The vacancy tax of a year is not due when the home was occupied more than {limit} consecutive "
        f"days in the year before ({test.legal_reference}). Your placement runs from "
        f"{inputs.start} to {inputs.placement_end} ({spread}), so it "
        + (f"cancels the {' and '.join(map(str, cancelled))} tax." if cancelled else "cancels no year's tax.")
        + f" The {inputs.start.year} tax depends on {inputs.start.year - 1}: the placement cannot change it."
    )
    if not spans_new_year(inputs) and inputs.occupied_days > 2 * limit:
        text += (
            f" The same stay with more than {limit} days on each side of 1 January (for example 2 October "
            "to 1 April) could cancel two years: inferred from the rule, not confirmed by the tax office."
        )
    return text


def warnings(ctx: Context, scenarios: tuple[Scenario, ...]) -> tuple[str, ...]:
    """Traps the owner could fall into and the uncertain figures they must know about."""
    inputs = ctx.inputs
    found = [
        "Property tax (taxe foncière) stays due in every scenario, including while the home is lent.",
        second_home_tax(ctx),
    ]
    if ctx.base.estimated:
        found.append("The cadastral rental value is an ESTIMATE: every vacancy-tax figure depends on it.")
    if any(line.confidence == "uncertain" for s in scenarios for line in s.lines):
        found.append(
            "Lines marked 'uncertain' rest on unconfirmed rules or unknown figures: do not rely on them "
            "as facts."
        )
    tvlh = [
        y for y in ctx.display_years if ctx.parameters.get("vacancy_tax.regime", date(y, 1, 1)).text == "TVLH"
    ]
    if tvlh:
        found.append(
            f"From {tvlh[0]} the TVLH replaces the TLV: its management fees are not yet known (counted as "
            "0) and the commune may vote higher rates before 1 October of the year before."
        )
    found.append(
        "The law does not say a free occupant (no lease) counts as an occupant; secondary sources say "
        "proven occupation counts. Keep the signed agreement, insurance and meter readings."
    )
    if spans_new_year(inputs):
        found.append(
            "Cancelling a tax year through a stay that runs across 1 January is inferred from the "
            "rule, not confirmed by the tax office (SIP or DGFiP)."
        )
    if not any(placement_effect(inputs, y, ctx.parameters).cancelled for y in ctx.affected_years):
        found.append("This placement is too short to end vacancy: it saves no vacancy tax.")
    if ctx.marginal_rate.value == 0:
        found.append(
            "At a 0 % marginal rate the gift reduction is lost (no income tax to reduce) while the "
            "social levies remain: the association route costs money."
        )
    found += energy_warnings(ctx)
    return tuple(found)


def second_home_tax(ctx: Context) -> str:
    """The THRS trap, with the commune's last known rates when we hold them."""
    commune = ctx.parameters.latest(f"th.rate_commune.{ctx.inputs.commune}", ctx.inputs.start)
    epci = ctx.parameters.latest(f"th.rate_epci.{ctx.inputs.commune}", ctx.inputs.start)
    rates = ""
    if commune and epci:
        total = commune.number + epci.number
        rates = (
            f" In {commune_label(ctx)} the {commune.valid_from.year} rates were {format_pct(commune.number)}"
            f" + {format_pct(epci.number)} of the rental value, about "
            f"{format_eur(eur(ctx.base.amount_eur * total))} a year, and the commune may add a surcharge."
        )
    lead = "This home is furnished: " if ctx.inputs.furnished else "Furnishing the home is no way out: "
    return (
        lead + "a furnished home that is nobody's main residence on 1 January owes the taxe d'habitation on "
        "second homes (THRS) instead of the vacancy tax." + rates
    )


def energy_warnings(ctx: Context) -> list[str]:
    """A home too poorly rated for a main-residence lease cannot take the association's lease."""
    worst = ctx.parameters.find("decency.energy_worst_allowed_class", ctx.inputs.start)
    if ctx.inputs.energy_class is None:
        return (
            [
                f"Energy class not given: homes rated worse than {worst.text} may not be let as a main "
                f"residence ({worst.legal_reference})."
            ]
            if worst
            else []
        )
    if worst and ctx.inputs.energy_class > worst.text:
        return [
            f"Energy class {ctx.inputs.energy_class}: a main-residence lease is not allowed "
            f"({worst.legal_reference}), so the association route with a lease may be closed. A free "
            "loan is not bound by it, but such a home is hard to live in."
        ]
    return []


def disclaimer(figures_date: date) -> str:
    """Estimate, not advice, and the date of the figures."""
    return (
        f"An estimate, not tax advice. Figures as known on {figures_date}; those marked uncertain are not "
        "confirmed. Check with your tax office (SIP) or the ADIL before deciding."
    )
