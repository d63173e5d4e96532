"""Fictional Zéro Logement Vacant exports for the tests: the two sheets with the headers ZLV writes
(docs/imports.md, ../shared/reference/zlv-export.md), filled with made-up owners (Faker, fr_FR)
and homes in real Nord communes. No real person's data."""

from __future__ import annotations

import io
import random
from datetime import date
from typing import Any

from faker import Faker
from openpyxl import Workbook

OWNER_HEADERS = [
    "Propriétaire destinataire principal",
    "Date de naissance du propriétaire",
    "Adresse LOVAC du propriétaire",
    "Adresse BAN du propriétaire",
    "Adresse BAN du propriétaire - Fiabilité",
    "Numéro",
    "Voie",
    "Code postal",
    "Commune",
    "Complément d'adresse du propriétaire",
    "Localisation du propriétaire",
]
HOME_HEADERS = [
    "Identifiant fiscal national",
    "Identifiant fiscal départemental",
    "Référence cadastrale",
    "Code INSEE commune du logement",
    "Adresse LOVAC du logement",
    "Précisions adresse du logement",
    "Adresse BAN du logement",
    "Fiabilité Adresse BAN du logement (%)",
    "Latitude",
    "Longitude",
    "Type de logement",
    "DPE représentatif",
    "Date DPE",
    "Surface (m²)",
    "Nombre de pièces",
    "Année de construction",
    "Occupation",
    "Année de début de vacance",
    "Statut",
    "Sous-statut",
    "Points de blocage",
    "Évolutions du logement",
    "Dispositifs",
    "Campagnes",
    *OWNER_HEADERS,
]
#: Real Nord communes (INSEE code, postal code, name, latitude, longitude) for the homes.
COMMUNES = [
    ("59512", "59100", "Roubaix", 50.6887, 3.1843),
    ("59599", "59200", "Tourcoing", 50.7239, 3.1612),
    ("59650", "59290", "Wasquehal", 50.6693, 3.1309),
    ("59350", "59000", "Lille", 50.6311, 3.0468),
]
_STATUSES = ["Non suivi", "En attente de retour", "Premier contact", "Suivi en cours"]
_LOCATIONS = ["Même commune que le logement", "Même département", "Autre région"]


def owners(count: int, seed: int = 59) -> list[dict[str, Any]]:
    """Rows of the "Propriétaires" sheet, names in capitals as the tax file writes them."""
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    rows = []
    for _ in range(count):
        number, street = str(fake.random_int(1, 180)), fake.street_name()
        postal_code, city = fake.postcode(), fake.city()
        name = f"{fake.last_name()} {fake.first_name()}".upper()
        rows.append(
            {
                "Propriétaire destinataire principal": name,
                "Date de naissance du propriétaire": fake.date_between(date(1935, 1, 1), date(1975, 12, 31)),
                "Adresse LOVAC du propriétaire": f"{number} {street.upper()}\n{postal_code} {city.upper()}",
                "Adresse BAN du propriétaire": f"{number} {street} {postal_code} {city}",
                "Adresse BAN du propriétaire - Fiabilité": f"{fake.random_int(60, 99)} %",
                "Numéro": number,
                "Voie": street,
                "Code postal": postal_code,
                "Commune": city,
                "Complément d'adresse du propriétaire": None,
                "Localisation du propriétaire": fake.random_element(_LOCATIONS),
            }
        )
    return rows


def homes(owner_rows: list[dict[str, Any]], count: int, seed: int = 59) -> list[dict[str, Any]]:
    """Rows of the "Logements" sheet, owned in turn by the owners given (some own several)."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        insee, postal, name, latitude, longitude = COMMUNES[index % len(COMMUNES)]
        number, rooms = rng.randint(1, 200), rng.randint(1, 5)
        rows.append(
            {
                "Identifiant fiscal national": f"{insee[:2]}{insee[2:]}{index + 1:07d}",
                "Identifiant fiscal départemental": f"{insee[2:]}{index + 1:07d}",
                "Référence cadastrale": f"{insee}000A{'BCDEFGH'[index % 7]}{index + 1:04d}",
                "Code INSEE commune du logement": insee,
                "Adresse LOVAC du logement": f"{number} RUE DE LA PAIX\n{postal} {name.upper()}",
                "Précisions adresse du logement": "Bâtiment A, 2e étage" if index % 3 == 0 else None,
                "Adresse BAN du logement": f"{number} Rue de la Paix {postal} {name}",
                "Fiabilité Adresse BAN du logement (%)": rng.randint(50, 100),
                "Latitude": round(latitude + rng.uniform(-0.01, 0.01), 5),
                "Longitude": round(longitude + rng.uniform(-0.01, 0.01), 5),
                "Type de logement": rng.choice(["Appartement", "Maison"]),
                "DPE représentatif": rng.choice("DEFG"),
                "Date DPE": date(2021 + index % 4, 1 + index % 12, 1),
                "Surface (m²)": round(rng.uniform(18, 30) * rooms),
                "Nombre de pièces": rooms,
                "Année de construction": rng.randint(1890, 1990),
                "Occupation": "Vacant",
                "Année de début de vacance": rng.randint(2012, 2023),
                "Statut": rng.choice(_STATUSES),
                "Sous-statut": "En cours de relance",
                "Points de blocage": "Succession en cours",
                "Évolutions du logement": None,
                "Dispositifs": "OPAH-RU",
                "Campagnes": "Campagne vacance 2026\nRelance juin",
                **owner_rows[index % len(owner_rows)],
            }
        )
    return rows


def workbook(
    owner_rows: list[dict[str, Any]],
    home_rows: list[dict[str, Any]],
    owner_headers: list[str] = OWNER_HEADERS,
    home_headers: list[str] = HOME_HEADERS,
) -> bytes:
    """The export as ZLV writes it: "Logements" first, then "Propriétaires"."""
    book = Workbook()
    for title, headers, rows in (
        ("Logements", home_headers, home_rows),
        ("Propriétaires", owner_headers, owner_rows),
    ):
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(header) for header in headers])
    book.remove(book.worksheets[0])
    target = io.BytesIO()
    book.save(target)
    return target.getvalue()
