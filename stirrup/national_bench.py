"""``stirrup bench national``: a seeded synthetic country matched by one partitioned round.

Households, homes and associations are spread over the départements in proportion to their
population (data/communes/departements.csv), around each prefecture, in communes that are grid
cells with fictional INSEE codes of the département. They are written straight into a fresh
PostgreSQL database (COPY, no ORM objects) on the server of ``STIRRUP_DATABASE_URL``; the round is
then run by the service coordinators use (services.round_runs, partitioned by département), and
the table reports generation, candidate building, solving and peak memory per partition and in
total. The database is dropped afterwards unless ``keep``.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

import numpy as np
import psycopg
from sqlalchemy import Engine, insert
from sqlalchemy.engine import make_url

from stirrup import clock, migrate
from stirrup.config import DEFAULT_SUPPORT_NEEDS, Settings
from stirrup.db import make_engine, transaction
from stirrup.errors import InvalidInput
from stirrup.geography import Departement, departements
from stirrup.models import MatchingRun, Organisation, OrganisationKind, Role, User
from stirrup.services import partitions, round_runs
from stirrup.services.passwords import hash_password
from stirrup.services.rounds import Parameters
from stirrup.services.territory import Territory

#: The national figures the issue gives (people without a home of their own, vacant homes).
HOUSEHOLDS, HOMES, ASSOCIATIONS = 330_000, 3_000_000, 3_000
_ANCHORS = ("school", "work", "care", "family", "support", "other")


@dataclass
class Report:
    scale: float
    departements: int
    rows: dict[str, int]
    generation_s: dict[str, float]
    round_s: float = 0.0
    status: str = ""
    error: str | None = None
    partitions: list[dict[str, Any]] = field(default_factory=list)
    main_peak_mb: float = 0.0
    workers: int = 1
    candidate_cap: int | None = None


def check_postgres(url: str) -> None:
    """The benchmark needs PostgreSQL (COPY, and a database of its own)."""
    if not url.startswith("postgresql"):
        raise InvalidInput.field(
            "STIRRUP_DATABASE_URL",
            "stirrup bench national needs PostgreSQL, e.g. postgresql://postgres@127.0.0.1:5432/postgres",
        )


def measure(
    settings: Settings,
    scale: float,
    count: int,
    workers: int,
    time_limit_s: float,
    keep: bool,
    candidate_cap: int | None = None,
    seed: int = 2026,
) -> Report:
    """Generate the country, run the round (each household keeping at most `candidate_cap` suitable
    homes, as Settings.round_candidate_cap), and say how long each part took."""
    check_postgres(settings.database_url)
    chosen = sorted(departements(), key=lambda d: -d.population)[:count]
    with _fresh_database(settings.database_url, keep) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
            report = Report(scale, len(chosen), {}, {}, workers=workers, candidate_cap=candidate_cap)
            _generate(engine, url, chosen, scale, np.random.default_rng(seed), report)
            run_settings = settings.model_copy(
                update={
                    "database_url": url,
                    "round_partitions": "departement",
                    "round_workers": workers,
                    "round_candidate_cap": candidate_cap,
                }
            )
            began = time.perf_counter()
            with transaction(engine) as db:
                run = round_runs._start(
                    db, None, Territory(), Parameters(time_limit_s=time_limit_s), run_settings
                )
                run_id = run.id
            round_runs.run_round(engine, run_id, run_settings)
            report.round_s = time.perf_counter() - began
            with transaction(engine, write=False) as db:
                done = db.get_one(MatchingRun, run_id)
                report.status, report.error = done.status.value, done.error
                report.partitions = list(done.result.get("partitions", []))
            report.main_peak_mb = partitions.peak_rss_mb()
            return report
        finally:
            engine.dispose()


@contextmanager
def _fresh_database(url: str, keep: bool) -> Iterator[str]:
    parsed = make_url(url)
    admin_dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"stirrup_bench_national_{os.getpid()}"
    try:
        admin = psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        raise InvalidInput.field("STIRRUP_DATABASE_URL", f"PostgreSQL did not answer: {error}") from None
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parsed.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    finally:
        if not keep:
            with psycopg.connect(admin_dsn, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _generate(
    engine: Engine,
    url: str,
    chosen: Sequence[Departement],
    scale: float,
    rng: np.random.Generator,
    report: Report,
) -> None:
    """Write the organisations, users, associations, homes and households; time each table."""
    weights = np.array([d.population for d in chosen], dtype=float)
    national = sum(d.population for d in departements())
    share = weights.sum() / national
    sizes = {
        name: max(len(chosen), round(total * scale * share))
        for name, total in (("households", HOUSEHOLDS), ("homes", HOMES), ("associations", ASSOCIATIONS))
    }
    began = time.perf_counter()
    landlord_org, social_org, referent, association_orgs = _accounts(engine, sizes["associations"])
    report.generation_s["accounts"] = time.perf_counter() - began
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as connection:
        tables: dict[str, Callable[[], tuple[list[str], Iterator[tuple[Any, ...]]]]] = {
            "associations": partial(
                _associations, sizes["associations"], chosen, weights, rng, association_orgs
            ),
            "homes": partial(_homes, sizes["homes"], chosen, weights, rng, landlord_org),
            "households": partial(
                _households, sizes["households"], chosen, weights, rng, social_org, referent
            ),
        }
        for name, writer in tables.items():
            began = time.perf_counter()
            columns, rows = writer()
            with connection.cursor().copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            connection.commit()
            connection.execute(f"ANALYZE {name}")
            report.generation_s[name] = time.perf_counter() - began
    report.rows = sizes


def _accounts(engine: Engine, associations: int) -> tuple[int, int, int, list[int]]:
    with transaction(engine) as db:
        orgs = [
            {"kind": OrganisationKind.LANDLORD_COMPANY, "name": "Bailleur national (fictif)"},
            {"kind": OrganisationKind.SOCIAL_SERVICE, "name": "Service social national (fictif)"},
            *(
                {"kind": OrganisationKind.PARTNER_ASSOCIATION, "name": f"Association fictive {i:05d}"}
                for i in range(associations)
            ),
        ]
        ids = list(
            db.scalars(insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True), orgs)
        )
        referent = User(
            email="referent@bench.invalid",
            display_name="Référente (fictive)",
            role=Role.SOCIAL_WORKER,
            organisation_id=ids[1],
            password_hash=hash_password(secrets.token_urlsafe()),  # never signs in
        )
        db.add(referent)
        db.flush()
        return ids[0], ids[1], referent.id, ids[2:]


def _places(
    n: int, chosen: Sequence[Departement], weights: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, list[float], list[float], list[str]]:
    """Points around the prefectures, at least one per département; their fictional INSEE codes."""
    which = np.concatenate(
        [np.arange(len(chosen)), rng.choice(len(chosen), n - len(chosen), p=weights / weights.sum())]
    )
    lat0 = np.array([d.latitude for d in chosen])[which]
    lon0 = np.array([d.longitude for d in chosen])[which]
    lat = lat0 + rng.normal(0, 0.18, n)
    lon = lon0 + rng.normal(0, 0.25, n)
    cell = ((np.floor((lat - lat0) / 0.06) + 20) * 41 + np.floor((lon - lon0) / 0.09) + 20).astype(int) % 1000
    codes = [f"{chosen[w].code}{c:03d}" for w, c in zip(which.tolist(), cell.tolist(), strict=True)]
    return which, np.round(lat, 5).tolist(), np.round(lon, 5).tolist(), codes


def _postal(insee: str) -> str:
    return "20" + insee[2:] if insee[:2] in ("2A", "2B") else insee


def _associations(
    n: int, chosen: Sequence[Departement], weights: np.ndarray, rng: np.random.Generator, orgs: list[int]
) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    _, lat, lon, codes = _places(n, chosen, weights, rng)
    radius = rng.choice([15.0, 20.0, 30.0, 40.0], n).tolist()
    capacity = rng.integers(10, 60, n).tolist()
    now = clock.now()
    columns = [
        "organisation_id", "base_commune", "base_latitude", "base_longitude", "radius_km", "communes",
        "support_offered", "capacity", "created_at", "updated_at",
    ]  # fmt: skip

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(n):
            offered = sorted(
                rng.choice(DEFAULT_SUPPORT_NEEDS, int(rng.integers(3, 7)), replace=False).tolist()
            )
            # Its base's commune listed: it works in that département (services.partitions).
            yield (orgs[i], f"Commune {codes[i]}", lat[i], lon[i], radius[i], json.dumps([codes[i]]),
                   json.dumps(offered), int(capacity[i]), now, now)  # fmt: skip

    return columns, rows()


def _homes(
    n: int, chosen: Sequence[Departement], weights: np.ndarray, rng: np.random.Generator, owner: int
) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    _, lat, lon, codes = _places(n, chosen, weights, rng)
    rooms = rng.integers(1, 6, n)
    bedrooms = np.maximum(0, rooms - rng.integers(1, 3, n))
    flags = rng.random((n, 5)) < np.array([0.3, 0.2, 0.08, 0.3, 0.35])
    floor = rng.integers(0, 6, n)
    start = clock.today()
    offsets = rng.integers(0, 120, n)
    now = clock.now()
    columns = [
        "owner_organisation_id", "street", "postal_code", "commune", "insee_code", "latitude", "longitude",
        "geocode_precision", "surface_m2", "rooms", "bedrooms", "max_occupants", "floor", "has_lift",
        "step_free", "wheelchair_accessible", "furnished", "pets_allowed", "available_from", "status",
        "notes", "created_at", "updated_at",
    ]  # fmt: skip

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(n):
            r, b, f = int(rooms[i]), int(bedrooms[i]), flags[i]
            yield (owner, f"{i % 250 + 1} rue fictive", _postal(codes[i]), f"Commune {codes[i]}", codes[i],
                   lat[i], lon[i], "commune", round(14.0 + 17.0 * r, 1), r, b, max(1, 2 * b + 1),
                   int(floor[i]), bool(f[0]), bool(f[1]), bool(f[2]), False, bool(f[3]),
                   start + timedelta(days=int(offsets[i])), "available", "", now, now)  # fmt: skip

    return columns, rows()


def _households(
    n: int,
    chosen: Sequence[Departement],
    weights: np.ndarray,
    rng: np.random.Generator,
    organisation: int,
    referent: int,
) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    _, lat, lon, codes = _places(n, chosen, weights, rng)
    adults = rng.choice([1, 1, 1, 2, 2], n)
    children = rng.choice([0, 0, 0, 1, 1, 2, 3], n)
    reach = rng.choice([5.0, 8.0, 10.0, 15.0, 20.0], n)
    priority = rng.integers(1, 6, n)
    needs = rng.random(n) < 0.3
    need = rng.choice(DEFAULT_SUPPORT_NEEDS, n)
    flags = rng.random((n, 3)) < np.array([0.03, 0.06, 0.15])
    anchor = rng.choice(_ANCHORS, n)
    start = clock.today()
    offsets = rng.integers(0, 60, n)
    now = clock.now()
    since = datetime(2026, 1, 1, tzinfo=UTC)
    consent = date(2026, 1, 1)
    columns = [
        "reference", "organisation_id", "referent_id", "adults", "children", "needs_wheelchair_access",
        "needs_step_free", "has_pets", "anchor_kind", "anchor_commune", "anchor_insee_code",
        "anchor_latitude", "anchor_longitude", "max_distance_km", "preferred_communes",
        "excluded_communes", "earliest_start", "support_needs", "priority", "priority_reason",
        "consent_given_on", "consent_purpose", "consent_recorded_by_id", "status", "waiting_since",
        "notes", "created_at", "updated_at",
    ]  # fmt: skip

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(n):
            f = flags[i]
            yield (f"N-{i:09d}", organisation, referent, int(adults[i]), int(children[i]), bool(f[0]),
                   bool(f[1]), bool(f[2]), str(anchor[i]), f"Commune {codes[i]}", codes[i], lat[i], lon[i],
                   float(reach[i]), "[]", "[]", start + timedelta(days=int(offsets[i])),
                   json.dumps([str(need[i])] if needs[i] else []), int(priority[i]), "", consent,
                   "Benchmark (fictional)", referent, "waiting", since, "", now, now)  # fmt: skip

    return columns, rows()


def _stats(values: list[float]) -> tuple[float, float, float, float]:
    if not values:
        return (0.0, 0.0, 0.0, 0.0)
    return min(values), statistics.median(values), max(values), sum(values)


def _cap_words(cap: int | None) -> str:
    return f"capped at {cap:,} per household" if cap else "not capped"


def table(report: Report, every_partition: bool = False) -> str:
    """The report as Markdown (as docs/performance.md records it)."""
    done = [p for p in report.partitions if p["status"] == "done"]
    failed = [p for p in report.partitions if p["status"] != "done"]
    generated = sum(report.generation_s.values())
    lines = [
        f"scale {report.scale:g} · {report.departements} départements · {report.rows.get('households', 0):,} "
        f"households · {report.rows.get('homes', 0):,} homes · {report.rows.get('associations', 0):,} "
        f"associations · {report.workers} worker(s) · {os.cpu_count()} CPUs · load {os.getloadavg()[0]:.1f}"
        f" · candidates {_cap_words(report.candidate_cap)}",
        "",
        "| generation | seconds |",
        "|---|---|",
        *(f"| {name} | {seconds:.1f} |" for name, seconds in report.generation_s.items()),
        f"| total | {generated:.1f} |",
        "",
        "| per partition | min | median | max | sum |",
        "|---|---|---|---|---|",
    ]
    for label, key in (
        ("load from the database (s)", "load"),
        ("candidate building (s)", "candidates"),
        ("solving (s)", "solve"),
        ("explaining (s)", "explain"),
        ("storing proposals (s)", "store"),
        ("partition total (s)", "total"),
    ):
        lo, mid, hi, total = _stats([p["timings_s"][key] for p in done])
        lines.append(f"| {label} | {lo:.2f} | {mid:.2f} | {hi:.2f} | {total:.1f} |")
    for label, key in (
        ("households", "households"),
        ("homes", "homes"),
        ("candidate pairs", "candidate_pairs"),
        ("households cut short by the cap", "capped_households"),
        ("placements proposed", "proposals"),
    ):
        lo, mid, hi, total = _stats([float(p["counts"].get(key, 0)) for p in done])
        lines.append(f"| {label} | {lo:,.0f} | {mid:,.0f} | {hi:,.0f} | {total:,.0f} |")
    lo, mid, hi, _ = _stats([p["peak_rss_mb"] for p in done])
    lines.append(f"| worker peak RSS (MB) | {lo:.0f} | {mid:.0f} | {hi:.0f} | |")
    statuses: dict[str, int] = {}
    for p in done:
        statuses[p["solver_status"]] = statuses.get(p["solver_status"], 0) + 1
    lines += [
        "",
        f"round: {report.status} in {report.round_s:.1f} s wall time "
        f"({len(done)} partitions done, {len(failed)} failed; solver status "
        f"{', '.join(f'{k} ×{v}' for k, v in sorted(statuses.items())) or '-'}); "
        f"main process peak RSS {report.main_peak_mb:.0f} MB",
    ]
    if report.error:
        lines.append(f"error: {report.error}")
    if every_partition:
        lines += [
            "",
            "| département | status | households | homes | pairs | proposals | candidates s | solve s "
            "| total s | RSS MB |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for p in report.partitions:
            c, t = p.get("counts", {}), p.get("timings_s", {})
            lines.append(
                f"| {p['departement']} | {p.get('solver_status') or p['status']} | {c.get('households', '')} "
                f"| {c.get('homes', '')} | {c.get('candidate_pairs', '')} | {c.get('proposals', '')} "
                f"| {t.get('candidates', '')} | {t.get('solve', '')} | {t.get('total', '')} "
                f"| {p.get('peak_rss_mb', '')} |"
            )
    return "\n".join(lines)
