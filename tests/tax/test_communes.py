"""The vacancy-tax zone list: in and out of the zone, codes, and loading a newer official list."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from stirrup.tax import TaxDataError, TaxInputError, TaxRules
from stirrup.tax.communes import (
    load_zone_list,
    merge_zone_lists,
    normalise_insee_code,
    read_official_list,
    write_zone_list,
)
from stirrup.tax.rules import DEFAULT_DATA_DIR, ZONE_FILE, import_zone_list, load_rules

REFERENCE_LIST = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "reference"
    / "data"
    / "tlv-zone-communes-art232-list1.csv"
)


def test_roubaix_is_in_the_zone_under_both_regimes(rules: TaxRules):
    for day in (date(2024, 1, 1), date(2026, 12, 31), date(2027, 1, 1)):
        entry = rules.communes.zone_entry("59512", day)
        assert entry is not None and entry.name == "Roubaix" and entry.zone_list == "1"


def test_a_known_commune_outside_the_zone_is_known_but_not_in_the_zone(rules: TaxRules):
    assert rules.communes.is_known("59375")
    assert rules.communes.zone_entry("59375", date(2026, 1, 1)) is None


def test_the_gazetteer_names_nord_communes_in_and_out_of_the_zone(rules: TaxRules):
    assert rules.communes.name("59599") == "Tourcoing"  # named by the zone file
    assert rules.communes.name("59375") == "Marchiennes"  # named by the gazetteer
    assert rules.communes.is_known("59001") and rules.communes.zone_entry("59001", date(2026, 1, 1)) is None
    assert not rules.communes.is_known("12345")


def test_a_commune_list_without_a_source_column_is_credited_to_its_file(tmp_path: Path):
    listed = tmp_path / "gazetteer.csv"
    listed.write_text("insee_code,name,postal_codes\n62041,Arras,62000\n", encoding="utf-8")
    rules = load_rules(gazetteers=(listed,))
    assert rules.communes.name("62041") == "Arras" and rules.communes.known["62041"].source == "gazetteer.csv"


def test_the_zone_data_starts_with_decret_2023_822(rules: TaxRules):
    assert rules.communes.zone_data_start == date(2024, 1, 1)
    assert rules.communes.zone_entry("59512", date(2023, 12, 31)) is None


def test_the_zone_file_holds_the_reference_list_and_its_sources(rules: TaxRules):
    zone = rules.communes.zone
    assert len(zone) == 1434
    assert len({c.insee_code for c in zone}) == len(zone)
    assert all(c.legal_reference and c.source and c.valid_from for c in zone)
    assert {c.insee_code for c in zone} >= {"59512", "59350", "59599", "59650", "59009", "2A004", "75056"}


@pytest.mark.parametrize("code", ["5951", "595120", "59 12", "2C123", "ABCDE", ""])
def test_malformed_codes_are_input_errors_on_the_commune(code: str):
    with pytest.raises(TaxInputError) as caught:
        normalise_insee_code(code)
    assert caught.value.field == "commune" and "INSEE" in caught.value.message


@pytest.mark.parametrize(("code", "clean"), [(" 59512 ", "59512"), ("2a004", "2A004"), ("2B033", "2B033")])
def test_codes_are_normalised(code: str, clean: str):
    assert normalise_insee_code(code) == clean


@pytest.mark.skipif(not REFERENCE_LIST.is_file(), reason="shared reference not beside the repository")
def test_the_reference_list_reads_as_an_official_list():
    rows = read_official_list(
        REFERENCE_LIST,
        zone_list="1",
        legal_reference="décret 2023-822",
        valid_from=date(2024, 1, 1),
        source="ZLV",
    )
    assert {r.insee_code for r in rows} == {
        c.insee_code for c in load_zone_list(DEFAULT_DATA_DIR / ZONE_FILE)
    }


def test_a_newer_list_with_semicolons_and_names_replaces_the_old_one(tmp_path: Path, rules: TaxRules):
    newer = tmp_path / "newer.csv"
    newer.write_text("CODGEO;LIBGEO\n59512;\n59999;Nouvelle-Commune\n", encoding="utf-8")
    rows = read_official_list(
        newer, zone_list="1", legal_reference="décret 2028-1", valid_from=date(2028, 1, 1), source="JO"
    )
    merged = merge_zone_lists(rules.communes.zone, rows)
    saved = tmp_path / "zone.csv"
    write_zone_list(merged, saved)
    reloaded = load_zone_list(saved)
    roubaix = [c for c in reloaded if c.insee_code == "59512"]
    assert [(c.valid_from, c.valid_to) for c in roubaix] == [
        (date(2024, 1, 1), date(2027, 12, 31)),
        (date(2028, 1, 1), None),
    ]
    assert roubaix[-1].name == "Roubaix"  # carried over from the older list
    lille = [c for c in reloaded if c.insee_code == "59350"]
    assert [c.valid_to for c in lille] == [date(2027, 12, 31)]  # left the zone in 2028
    assert [c.name for c in reloaded if c.insee_code == "59999"] == ["Nouvelle-Commune"]


def test_a_list_without_a_code_column_is_refused(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("town\nRoubaix\n", encoding="utf-8")
    with pytest.raises(TaxDataError, match="no commune code column"):
        read_official_list(bad, zone_list="1", legal_reference="x", valid_from=date(2028, 1, 1), source="x")


def test_overlapping_zone_rows_are_refused(tmp_path: Path, rules: TaxRules):
    saved = tmp_path / "zone.csv"
    roubaix = [c for c in rules.communes.zone if c.insee_code == "59512"]
    write_zone_list(roubaix * 2, saved)
    with pytest.raises(TaxDataError, match="overlapping"):
        load_zone_list(saved)


def test_importing_a_newer_list_updates_the_zone_file(tmp_path: Path):
    for name in ("parameters.csv", ZONE_FILE, "communes-outside-zone.csv"):
        shutil.copy(DEFAULT_DATA_DIR / name, tmp_path / name)
    official = tmp_path / "official.csv"
    official.write_text("geo_code\n59512\n59375\n", encoding="utf-8")
    count = import_zone_list(
        official, valid_from=date(2029, 1, 1), legal_reference="décret 2028-9", source="JO", data_dir=tmp_path
    )
    communes = load_rules(tmp_path).communes
    assert count == 2
    assert communes.zone_entry("59375", date(2029, 1, 1)) is not None
    assert communes.zone_entry("59375", date(2028, 12, 31)) is None
    assert communes.zone_entry("59350", date(2029, 1, 1)) is None
    assert communes.zone_entry("59512", date(2029, 1, 1)).legal_reference == "décret 2028-9"
