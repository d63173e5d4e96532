"""The words around the numbers: assumptions, warnings (traps and uncertainties), the timing rule."""

from datetime import date

from stirrup.tax.context import Context
from stirrup.tax.money import eur
from stirrup.tax.occupancy import days_within, placement_effect, spans_new_year
from stirrup.tax.results import Scenario
from stirrup.words import Euros, Percent, Words, joined, listed


def commune_label(ctx: Context) -> Words:
    """'Roubaix (59512)', or the code alone when no list names the commune."""
    name = ctx.rules.communes.name(ctx.inputs.commune)
    if name:
        return Words("%(name)s (%(code)s)", name=name, code=ctx.inputs.commune)
    return Words("commune %(code)s", code=ctx.inputs.commune)


def assumptions(ctx: Context) -> tuple[Words, ...]:
    """Every assumption behind the figures, in plain words."""
    inputs, parameters = ctx.inputs, ctx.parameters
    zone = ctx.rules.communes.zone_entry(inputs.commune, date(inputs.start.year, 1, 1))
    works = parameters.get("vacancy_tax.habitability_works_threshold", inputs.start)
    found = [
        Words(
            "%(commune)s is on list %(list)s° of the vacancy-tax zone (%(reference)s).",
            commune=commune_label(ctx),
            list=zone.zone_list,
            reference=zone.legal_reference,
        )
        if zone
        else Words(
            "%(commune)s is not on list 1° of the vacancy-tax zone in our data.", commune=commune_label(ctx)
        ),
        joined(
            [
                Words("The home is furnished.")
                if inputs.furnished
                else Words("The home is unfurnished (or too sparsely furnished to live in)."),
                Words(
                    "It is habitable and not exempt: no works costing more than %(share)s of its value "
                    "are needed, and it was not offered for rent or sale at market price without finding "
                    "a taker.",
                    share=Percent(works.number),
                ),
            ]
        ),
        ctx.base.explanation,
        Words(
            "Vacant since %(day)s. Years already charged count towards the second-year rate, including "
            "across the change from TLV to TVLH, as in the research note's example.",
            day=inputs.vacant_since,
        ),
    ]
    fees = [parameters.get("vacancy_tax.fees_rate", date(y, 1, 1)) for y in ctx.display_years]
    found += [
        Words("%(note)s (%(year)s onwards).", note=f.quoted_note, year=f.valid_from.year)
        for f in dict.fromkeys(fees)
        if f.confidence == "uncertain"
    ]
    found += [
        Words(
            "The commune keeps the default vacancy-tax rates; the highest rates it may vote are a variant."
        ),
        Words(
            "Whether the first-year rate restarts after a placement is not confirmed: left out of the "
            "totals, shown as a variant."
        ),
        Words("The occupant leaves on the agreed date."),
        Words("Property tax is the same in every scenario, so it is left out of the comparison."),
        ctx.monthly_rent.explanation
        if ctx.monthly_rent
        else Words("Market rent not given and not estimable here."),
        ctx.marginal_rate.explanation,
        Words(
            "For the association route: the body qualifies for the 75 %% rate, you use micro-foncier, you "
            "have no other such gifts that year, and your income tax is at least the reduction."
        ),
        Words(
            "Amounts are euros, each line rounded to the cent (half up); totals are sums of lines. Income "
            "tax on a year's income counts in the next tax year, when it is assessed."
        ),
    ]
    return tuple(found)


def timing_rule(ctx: Context) -> Words:
    """Which year's tax the placement cancels, and why, in words."""
    inputs = ctx.inputs
    first = ctx.affected_years[0]
    test = ctx.parameters.get("vacancy_tax.occupancy_break_days", date(first, 1, 1))
    limit = int(test.number)
    spread = joined(
        (
            Words("%(days)s days in %(year)s", days=days_within(inputs, y), year=y)
            for y in range(inputs.start.year, inputs.placement_end.year + 1)
        ),
        ", ",
    )
    cancelled = [y for y in ctx.affected_years if placement_effect(inputs, y, ctx.parameters).cancelled]
    facts = {
        "limit": limit,
        "reference": test.legal_reference,
        "start": inputs.start,
        "end": inputs.placement_end,
        "spread": spread,
    }
    rule = (
        Words(
            "The vacancy tax of a year is not due when the home was occupied more than %(limit)s consecutive "
            "days in the year before (%(reference)s). Your placement runs from %(start)s to %(end)s "
            "(%(spread)s), so it cancels the %(years)s tax.",
            years=listed(cancelled),
            **facts,
        )
        if cancelled
        else Words(
            "The vacancy tax of a year is not due when the home was occupied more than %(limit)s consecutive "
            "days in the year before (%(reference)s). Your placement runs from %(start)s to %(end)s "
            "(%(spread)s), so it cancels no year's tax.",
            **facts,
        )
    )
    said = [
        rule,
        Words(
            "The %(year)s tax depends on %(before)s: the placement cannot change it.",
            year=inputs.start.year,
            before=inputs.start.year - 1,
        ),
    ]
    if not spans_new_year(inputs) and inputs.occupied_days > 2 * limit:
        said.append(
            Words(
                "The same stay with more than %(limit)s days on each side of 1 January (for example 2 "
                "October to 1 April) could cancel two years: inferred from the rule, not confirmed by the "
                "tax office.",
                limit=limit,
            )
        )
    return joined(said)


def warnings(ctx: Context, scenarios: tuple[Scenario, ...]) -> tuple[Words, ...]:
    """Traps the owner could fall into and the uncertain figures they must know about."""
    inputs = ctx.inputs
    found = [
        Words("Property tax (taxe foncière) stays due in every scenario, including while the home is lent."),
        second_home_tax(ctx),
    ]
    if ctx.base.estimated:
        found.append(
            Words("The cadastral rental value is an ESTIMATE: every vacancy-tax figure depends on it.")
        )
    if any(line.confidence == "uncertain" for s in scenarios for line in s.lines):
        found.append(
            Words(
                "Lines marked 'uncertain' rest on unconfirmed rules or unknown figures: do not rely on them "
                "as facts."
            )
        )
    tvlh = [
        y for y in ctx.display_years if ctx.parameters.get("vacancy_tax.regime", date(y, 1, 1)).text == "TVLH"
    ]
    if tvlh:
        found.append(
            Words(
                "From %(year)s the TVLH replaces the TLV: its management fees are not yet known (counted as "
                "0) and the commune may vote higher rates before 1 October of the year before.",
                year=tvlh[0],
            )
        )
    found.append(
        Words(
            "The law does not say a free occupant (no lease) counts as an occupant; secondary sources say "
            "proven occupation counts. Keep the signed agreement, insurance and meter readings."
        )
    )
    if spans_new_year(inputs):
        found.append(
            Words(
                "Cancelling a tax year through a stay that runs across 1 January is inferred from the "
                "rule, not confirmed by the tax office (SIP or DGFiP)."
            )
        )
    if not any(placement_effect(inputs, y, ctx.parameters).cancelled for y in ctx.affected_years):
        found.append(Words("This placement is too short to end vacancy: it saves no vacancy tax."))
    if ctx.marginal_rate.value == 0:
        found.append(
            Words(
                "At a 0 %% marginal rate the gift reduction is lost (no income tax to reduce) while the "
                "social levies remain: the association route costs money."
            )
        )
    found += energy_warnings(ctx)
    return tuple(found)


def second_home_tax(ctx: Context) -> Words:
    """The THRS trap, with the commune's last known rates when we hold them."""
    commune = ctx.parameters.latest(f"th.rate_commune.{ctx.inputs.commune}", ctx.inputs.start)
    epci = ctx.parameters.latest(f"th.rate_epci.{ctx.inputs.commune}", ctx.inputs.start)
    said = [
        Words(
            "This home is furnished: a furnished home that is nobody's main residence on 1 January owes the "
            "taxe d'habitation on second homes (THRS) instead of the vacancy tax."
        )
        if ctx.inputs.furnished
        else Words(
            "Furnishing the home is no way out: a furnished home that is nobody's main residence on 1 "
            "January owes the taxe d'habitation on second homes (THRS) instead of the vacancy tax."
        )
    ]
    if commune and epci:
        said.append(
            Words(
                "In %(commune)s the %(year)s rates were %(commune_rate)s + %(epci_rate)s of the rental "
                "value, about %(amount)s a year, and the commune may add a surcharge.",
                commune=commune_label(ctx),
                year=commune.valid_from.year,
                commune_rate=Percent(commune.number),
                epci_rate=Percent(epci.number),
                amount=Euros(eur(ctx.base.amount_eur * (commune.number + epci.number))),
            )
        )
    return joined(said)


def energy_warnings(ctx: Context) -> list[Words]:
    """A home too poorly rated for a main-residence lease cannot take the association's lease."""
    worst = ctx.parameters.find("decency.energy_worst_allowed_class", ctx.inputs.start)
    if ctx.inputs.energy_class is None:
        return (
            [
                Words(
                    "Energy class not given: homes rated worse than %(worst)s may not be let as a main "
                    "residence (%(reference)s).",
                    worst=worst.text,
                    reference=worst.legal_reference,
                )
            ]
            if worst
            else []
        )
    if worst and ctx.inputs.energy_class > worst.text:
        return [
            Words(
                "Energy class %(energy)s: a main-residence lease is not allowed (%(reference)s), so the "
                "association route with a lease may be closed. A free loan is not bound by it, but such a "
                "home is hard to live in.",
                energy=ctx.inputs.energy_class,
                reference=worst.legal_reference,
            )
        ]
    return []


def disclaimer(figures_date: date) -> Words:
    """Estimate, not advice, and the date of the figures."""
    return Words(
        "An estimate, not tax advice. Figures as known on %(day)s; those marked uncertain are not confirmed. "
        "Check with your tax office (SIP) or the ADIL before deciding.",
        day=figures_date,
    )
