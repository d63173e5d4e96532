"""`stirrup estimate`: the simulator on the command line, as a table or as JSON.

The lead's CLI registers the command with `app.command("estimate")(estimate)` or mounts `app`.
"""

import json as jsonlib
import math
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, NoReturn, TypeVar

import typer

from stirrup.tax.engine import estimate as run_estimate
from stirrup.tax.errors import TaxInputError
from stirrup.tax.inputs import EstimateInput
from stirrup.tax.render import render_table

T = TypeVar("T")

app = typer.Typer(help="Owner's tax-benefit simulator.", add_completion=False)

# Input field -> the command-line option that sets it, to name the option in errors.
OPTIONS = {
    "commune": "--commune",
    "surface_m2": "--surface",
    "vacant_since": "--vacant-since",
    "start": "--start",
    "end": "--end",
    "cadastral_value_eur": "--cadastral-value",
    "market_rent_eur_month": "--market-rent",
    "marginal_rate_pct": "--marginal-rate",
    "energy_class": "--energy-class",
}


def fail(option: str, message: str) -> NoReturn:
    """One line on stderr naming the option, exit code 2 (a usage error)."""
    typer.echo(f"Error: {option}: {message}", err=True)
    raise typer.Exit(code=2)


def parser(option: str, convert: Callable[[str], T], kind: str) -> Callable[[str], T]:
    """Parse one option's text with `convert`, failing with that option's name and the kind expected."""

    def parse(text: str) -> T:
        try:
            return convert(text)
        except ValueError:
            fail(option, f"{text!r} is not {kind}")

    return parse


def finite(text: str) -> float:
    """A float that is a real amount (no nan or inf)."""
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def date_option(option: str) -> Callable[[str], date]:
    """YYYY-MM-DD for one option."""
    return parser(option, date.fromisoformat, "a date (YYYY-MM-DD)")


def number_option(option: str) -> Callable[[str], float]:
    """A number for one option."""
    return parser(option, finite, "a number")


def whole_option(option: str) -> Callable[[str], int]:
    """A whole number for one option."""
    return parser(option, int, "a whole number")


@app.command("estimate")
def estimate(
    commune: Annotated[str, typer.Option(help="INSEE code of the commune, e.g. 59512 for Roubaix.")],
    surface: Annotated[float, typer.Option(parser=number_option("--surface"), help="Living surface in m².")],
    vacant_since: Annotated[
        date, typer.Option(parser=date_option("--vacant-since"), metavar="YYYY-MM-DD", help="Vacant since.")
    ],
    start: Annotated[
        date,
        typer.Option(parser=date_option("--start"), metavar="YYYY-MM-DD", help="First day of the placement."),
    ],
    cadastral_value: Annotated[
        float | None,
        typer.Option(
            parser=number_option("--cadastral-value"),
            help="Cadastral rental value, EUR a year (twice the taxe foncière base).",
        ),
    ] = None,
    market_rent: Annotated[
        float | None, typer.Option(help="Market rent, EUR a month excluding charges.")
    ] = None,
    marginal_rate: Annotated[
        int | None,
        typer.Option(
            parser=whole_option("--marginal-rate"), help="Marginal income-tax rate in %: 0, 11, 30, 41, 45."
        ),
    ] = None,
    furnished: Annotated[bool, typer.Option(help="The home is furnished.")] = False,
    energy_class: Annotated[str | None, typer.Option(help="Energy class (DPE), A to G.")] = None,
    end: Annotated[
        date | None,
        typer.Option(
            parser=date_option("--end"), metavar="YYYY-MM-DD", help="Last day (default: six months)."
        ),
    ] = None,
    json: Annotated[bool, typer.Option(help="Print JSON instead of a table.")] = False,
) -> None:
    """Compare staying vacant, a free loan, the association route and long-term letting."""
    try:
        result = run_estimate(
            EstimateInput(
                commune=commune,
                surface_m2=Decimal(str(surface)),
                vacant_since=vacant_since,
                start=start,
                end=end,
                furnished=furnished,
                energy_class=energy_class,
                cadastral_value_eur=None if cadastral_value is None else Decimal(str(cadastral_value)),
                marginal_rate_pct=marginal_rate,
                market_rent_eur_month=None if market_rent is None else Decimal(str(market_rent)),
            )
        )
    except TaxInputError as error:
        fail(OPTIONS.get(error.field, error.field), error.message)
    if json:
        typer.echo(jsonlib.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_table(result), nl=False)
