"""The data the rules run on: dated parameters and commune lists, loaded once from data/tax/."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from stirrup.tax.communes import CommuneDirectory, load_known_communes, load_zone_list
from stirrup.tax.parameters import ParameterTable, load_parameters

# data/tax/ at the root of the repository; callers with another layout pass data_dir.
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "tax"
PARAMETERS_FILE = "parameters.csv"
ZONE_FILE = "zone-communes.csv"
OUTSIDE_ZONE_FILE = "communes-outside-zone.csv"


@dataclass(frozen=True)
class TaxRules:
    """Everything the estimate needs besides the owner's inputs."""

    parameters: ParameterTable
    communes: CommuneDirectory


def load_rules(data_dir: Path = DEFAULT_DATA_DIR) -> TaxRules:
    """Read and check the tax data files of one directory."""
    return TaxRules(
        parameters=load_parameters(data_dir / PARAMETERS_FILE),
        communes=CommuneDirectory(
            zone=load_zone_list(data_dir / ZONE_FILE),
            outside=load_known_communes(data_dir / OUTSIDE_ZONE_FILE),
        ),
    )


@cache
def default_rules() -> TaxRules:
    """The rules from the repository's data files, read once per process."""
    return load_rules()
