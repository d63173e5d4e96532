"""The estimate as a plain-text page for the command line: summary table first, details after."""

import textwrap
from collections.abc import Iterable, Sequence

from stirrup.tax.money import ZERO, format_eur, format_pct
from stirrup.tax.results import Estimate, MoneyLine, Scenario

WIDTH = 100
AMOUNT = 13  # width of an amount column


def render_table(estimate: Estimate) -> str:
    """Scenarios side by side, the vacancy tax by year, then each scenario's lines and the words."""
    parts = [
        header(estimate),
        summary(estimate.scenarios),
        vacancy_by_year(estimate),
        per_year(estimate.scenarios),
        *(details(s) for s in estimate.scenarios),
        "Which year's tax the placement cancels:\n" + wrap(estimate.timing_rule, "  "),
        section("Assumptions", estimate.assumptions),
        section("Warnings", estimate.warnings),
        wrap(estimate.disclaimer),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def header(estimate: Estimate) -> str:
    """Which home, which placement, which base."""
    place = f"{estimate.commune_name} ({estimate.commune})" if estimate.commune_name else estimate.commune
    base = "ESTIMATE, see assumptions" if estimate.cadastral_value_estimated else "given"
    years = ", ".join(map(str, estimate.affected_tax_years))
    return "\n".join(
        [
            f"Lending a vacant home: estimate for {place}",
            f"Placement {estimate.start} to {estimate.end}; tax years it affects: {years}",
            f"Cadastral rental value {format_eur(estimate.cadastral_value_eur)} ({base})",
        ]
    )


def summary(scenarios: Sequence[Scenario]) -> str:
    """One row per scenario: total and range over its variants."""
    rows = [("Scenario", "Total", "Range")]
    for s in scenarios:
        low, high = s.range_eur
        span = format_eur(low) if low == high else f"{format_eur(low)} to {format_eur(high)}"
        rows.append((s.title, format_eur(s.total_eur), span))
    return table(rows, right=(1,))


def vacancy_by_year(estimate: Estimate) -> str:
    """The vacancy tax owed each year if the home stays vacant."""
    rows = [("Vacancy tax if vacant", "Regime", "Rate", "Amount", "Confidence")]
    for t in estimate.vacancy_tax_by_year:
        mark = " (affected)" if t.tax_year in estimate.affected_tax_years else ""
        rows.append(
            (f"{t.tax_year}{mark}", t.regime, format_pct(t.rate), format_eur(t.amount_eur), t.confidence)
        )
    return table(rows, right=(2, 3))


def per_year(scenarios: Sequence[Scenario]) -> str:
    """Each scenario's total split by the tax year it lands on."""
    dated = [s for s in scenarios if s.per_year()]
    years = sorted({y for s in dated for y in s.per_year()})
    if not years:
        return ""
    rows = [("By tax year", *map(str, years))]
    rows += [(str(s.key), *(format_eur(s.per_year().get(y, ZERO)) for y in years)) for s in dated]
    return table(rows, right=tuple(range(1, len(years) + 1)))


def details(scenario: Scenario) -> str:
    """A scenario's lines with their basis, law and confidence, then variants and conditions."""
    out = [f"== {scenario.title}: {format_eur(scenario.total_eur)} ==", wrap(scenario.summary)]
    out += [money_line(line) for line in scenario.lines]
    if scenario.variants:
        out.append("Variants (whole-scenario totals):")
        out += [money_line(v, with_law=False) for v in scenario.variants]
    if scenario.conditions:
        out.append(section("Conditions", scenario.conditions))
    return "\n".join(out)


def money_line(line: MoneyLine, with_law: bool = True) -> str:
    """Amount, label and confidence on one line; basis (and law) indented below."""
    indent = " " * (AMOUNT + 2)
    rows = [
        f"{format_eur(line.amount_eur):>{AMOUNT}}  {line.label} [{line.confidence}]",
        wrap(line.basis, indent),
    ]
    if with_law:
        rows.append(wrap(f"Law: {line.legal_reference}", indent))
    return "\n".join(rows)


def section(title: str, items: Iterable[str]) -> str:
    """A titled bullet list."""
    return "\n".join([f"{title}:", *(wrap(item, "  ", "- ") for item in items)])


def table(rows: Sequence[Sequence[str]], right: tuple[int, ...] = ()) -> str:
    """Columns padded to their widest cell; `right` columns aligned right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def wrap(text: str, indent: str = "", first: str = "") -> str:
    """Wrap a paragraph to the page width."""
    return textwrap.fill(
        text, WIDTH, initial_indent=indent + first, subsequent_indent=indent + " " * len(first)
    )
