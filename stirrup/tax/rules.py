"""The data the rules run on: dated parameters and commune lists, loaded once from data/tax/."""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from stirrup.tax.communes import (
    CommuneDirectory,
    load_known_communes,
    load_zone_list,
    merge_zone_lists,
    read_official_list,
    write_zone_list,
)
from stirrup.tax.parameters import ParameterTable, load_parameters

# data/tax/ at the root of the repository; callers with another layout pass data_dir.
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "tax"
PARAMETERS_FILE = "parameters.csv"
ZONE_FILE = "zone-communes.csv"
OUTSIDE_ZONE_FILE = "communes-outside-zone.csv"
# The project's offline gazetteer: every commune of Nord and Pas-de-Calais, with its name.
GAZETTEER = DEFAULT_DATA_DIR.parent / "communes" / "nord-pas-de-calais.csv"


@dataclass(frozen=True)
class TaxRules:
    """Everything the estimate needs besides the owner's inputs."""

    parameters: ParameterTable
    communes: CommuneDirectory


def load_rules(data_dir: Path = DEFAULT_DATA_DIR, gazetteers: tuple[Path, ...] = (GAZETTEER,)) -> TaxRules:
    """Read and check the tax data files of one directory, and the commune lists that name communes."""
    known = [c for path in (data_dir / OUTSIDE_ZONE_FILE, *gazetteers) for c in load_known_communes(path)]
    return TaxRules(
        parameters=load_parameters(data_dir / PARAMETERS_FILE),
        communes=CommuneDirectory(zone=load_zone_list(data_dir / ZONE_FILE), known=known),
    )


@cache
def default_rules() -> TaxRules:
    """The rules from the repository's data files, read once per process."""
    return load_rules()


def import_zone_list(
    official: Path,
    *,
    valid_from: date,
    legal_reference: str,
    source: str,
    zone_list: str = "1",
    data_dir: Path = DEFAULT_DATA_DIR,
) -> int:
    """Merge a newly published zone list (a CSV of commune codes) into the zone file.

    The rows of the same list still open are closed the day before `valid_from`. Returns how many
    communes the new list holds. Meant for a command such as `stirrup tax import-zone-list`.
    """
    path = data_dir / ZONE_FILE
    new = read_official_list(
        official, zone_list=zone_list, legal_reference=legal_reference, valid_from=valid_from, source=source
    )
    write_zone_list(merge_zone_lists(load_zone_list(path), new), path)
    default_rules.cache_clear()
    return len(new)
