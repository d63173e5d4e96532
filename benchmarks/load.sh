#!/usr/bin/env bash
# The load test of docs/performance.md: demo data on a scratch PostgreSQL database, two server
# workers on loopback, locust headless with 50 users for 2 minutes. Run it on a quiet machine:
#   .venv/bin/pip install -e '.[load]' && bash benchmarks/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
DB=stirrup_load_$$
psql "$PG/postgres" -qc "CREATE DATABASE $DB"
trap 'kill "${SERVER:-0}" 2>/dev/null || true; psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
export STIRRUP_DATABASE_URL="$PG/$DB" STIRRUP_DEMO_MODE=true STIRRUP_REQUIRE_TWO_FACTOR=false
export STIRRUP_LOG_LEVEL=WARNING
.venv/bin/python -c "from stirrup import demo; from stirrup.config import get_settings; demo.build(get_settings())"
mkdir -p artifacts
# Fifty people, each with an account of their own (the demo's, given one known password).
.venv/bin/python - <<'PY'
from sqlalchemy import select
from stirrup.config import get_settings
from stirrup.db import make_engine, transaction
from stirrup.models import Role, User
from stirrup.services.passwords import hash_password

roles = (Role.LANDLORD, Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF, Role.COORDINATOR)
password = hash_password("load-test-passphrase")
with transaction(make_engine(get_settings().database_url)) as db:
    users = list(db.scalars(select(User).where(User.role.in_(roles), User.is_active).order_by(User.id)))[:50]
    for user in users:
        user.password_hash = password
    for i in range(len(users), 50):  # the demo has fewer: colleagues of the first ones
        like = users[i % len(users)]
        users.append(User(email=f"load{i}@demo.stirrup.fr", display_name=f"Load {i}", role=like.role,
                          organisation_id=like.organisation_id, is_active=True, password_hash=password))
        db.add(users[-1])
    with open("artifacts/load_accounts.csv", "w") as listing:
        listing.writelines(f"{user.email},{user.role.value}\n" for user in users)
print(f"{len(users)} accounts for the load test")
PY
.venv/bin/stirrup serve --port 8765 --workers 2 & SERVER=$!
for _ in $(seq 1 60); do curl -sf http://127.0.0.1:8765/health >/dev/null && break; sleep 1; done
.venv/bin/locust -f benchmarks/locustfile.py --headless -u 50 -r 2 --run-time 2m \
  --host http://127.0.0.1:8765 --csv artifacts/load --only-summary
.venv/bin/python - <<'PY'
import csv
rows = list(csv.DictReader(open("artifacts/load_stats.csv")))
print("| request | count | failures | p50 ms | p95 ms |\n|---|---|---|---|---|")
for row in rows:
    print(f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} |")
PY
