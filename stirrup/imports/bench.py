"""``stirrup bench import``: how long a large homes import takes, and how much memory it needs.

It writes a file of fictional homes across the Nord and Pas-de-Calais communes, imports it into a
fresh SQLite database in a child process (so the peak memory measured is the import's alone), then
imports the same file again (every row an update), and prints one line per run.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import resource
import secrets
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from stirrup import migrate
from stirrup.config import Settings
from stirrup.db import make_engine, transaction
from stirrup.geography import gazetteer
from stirrup.imports import jobs
from stirrup.imports.engine import principal_of
from stirrup.imports.headers import HOMES
from stirrup.models import ImportJob, ImportKind, ImportStatus, Role, User
from stirrup.services.geocoding import make_geocoder
from stirrup.services.passwords import hash_password
from stirrup.spreadsheets import csv_lines, write_xlsx

_STREETS = (
    "rue de la Paix",
    "rue Jean Jaurès",
    "boulevard Gambetta",
    "rue du Moulin",
    "place de la Gare",
    "rue Pasteur",
    "avenue Jean Lebas",
    "rue de Lille",
    "rue Victor Hugo",
    "chemin des Prés",
)


@dataclass(frozen=True)
class Measure:
    run: str
    rows: int
    seconds: float
    peak_mb: float
    status: str
    #: The machine's 1-minute load average when the run began: other processes share the cores.
    load: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def fictional_homes(count: int, seed: int = 2026) -> Iterator[list[Any]]:
    """Rows of plausible homes in the order of :data:`HOMES`, with French spellings of values."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
    communes = [c for c in gazetteer().communes if c.insee_code and c.postal_codes]
    start = date(2027, 1, 1)
    for number in range(1, count + 1):
        commune = rng.choice(communes)
        rooms = rng.randint(1, 6)
        bedrooms = max(0, rooms - rng.randint(1, 2))
        values = {
            "external_ref": f"LGT-{number:06d}",
            "street": f"{rng.randint(1, 250)} {rng.choice(_STREETS)}",
            "postal_code": commune.postal_codes[0],
            "commune": commune.name,
            "surface_m2": round(rng.uniform(12, 25) * rooms, 1),
            "rooms": rooms,
            "bedrooms": bedrooms,
            "max_occupants": max(1, bedrooms * 2),
            "floor": rng.randint(0, 5),
            "has_lift": rng.choice(("oui", "non")),
            "step_free": rng.choice(("oui", "non")),
            "furnished": rng.choice(("oui", "non")),
            "energy_class": rng.choice("ABCDEFG"),
            "available_from": start + timedelta(days=rng.randint(0, 180)),
            "vacant_since": date(2020 + rng.randint(0, 5), rng.randint(1, 12), 1),
            "cadastral_rental_value_eur": rng.randint(800, 4000),
            "notes": "Clés chez le voisin" if rng.random() < 0.1 else None,
        }
        yield [values.get(column.field) for column in HOMES]


def write_file(path: Path, count: int) -> None:
    headers = [column.fr for column in HOMES]
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as target:
            target.writelines(csv_lines(headers, fictional_homes(count)))
    else:
        with path.open("wb") as target:
            write_xlsx(target, [("Logements", headers, fictional_homes(count))])


def measure(count: int, fmt: str) -> list[Measure]:
    """Import ``count`` homes from a fresh file, then again as updates; one measure per run."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"homes.{fmt}"
        write_file(path, count)
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'bench.db'}")
        engine = make_engine(settings.database_url)
        migrate.upgrade(engine)
        with transaction(engine) as db:
            landlord = User(email="bench@example.org", display_name="Bench", role=Role.LANDLORD)
            landlord.password_hash = hash_password(secrets.token_urlsafe())  # never signs in
            db.add(landlord)
        engine.dispose()
        return [_in_child(f"{fmt} create", path, settings), _in_child(f"{fmt} re-import", path, settings)]


def _in_child(run: str, path: Path, settings: Settings) -> Measure:
    load = os.getloadavg()[0]
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_import, args=(path, settings, queue))
    child.start()
    rows, seconds, peak_kb, status = queue.get()
    child.join()
    return Measure(run, rows, seconds, peak_kb / 1024, status, load)


def _import(path: Path, settings: Settings, queue: Any) -> None:
    engine = make_engine(settings.database_url)
    geocoder = make_geocoder("offline", 1)
    began = time.perf_counter()
    with transaction(engine) as db:
        principal = principal_of(db, 1)
        job = jobs.create_job(
            db, principal, ImportKind.HOMES, path.name, path.read_bytes(), geocoder, settings
        )
    jobs.run_job(engine, job.id, ImportKind.HOMES, geocoder, settings)
    seconds = time.perf_counter() - began
    with transaction(engine, write=False) as db:
        done = db.get_one(ImportJob, job.id)
        rows, status = done.rows_total or 0, done.status
    engine.dispose()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((rows, seconds, peak_kb, status.value if status is not ImportStatus.DONE else "done"))


def table(measures: list[Measure]) -> str:
    """The measures as a Markdown table (as docs/performance.md records them)."""
    lines = [
        f"| run | rows | seconds | rows/s | peak MB | status | load ({os.cpu_count()} CPUs) |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {m.run} | {m.rows} | {m.seconds:.1f} | {m.rows_per_second:,.0f} | {m.peak_mb:.0f} | {m.status} "
        f"| {m.load:.1f} |"
        for m in measures
    ]
    return "\n".join(lines)
