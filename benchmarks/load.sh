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
.venv/bin/stirrup serve --port 8765 --workers 2 & SERVER=$!
for _ in $(seq 1 60); do curl -sf http://127.0.0.1:8765/health >/dev/null && break; sleep 1; done
mkdir -p artifacts
.venv/bin/locust -f benchmarks/locustfile.py --headless -u 50 -r 10 --run-time 2m \
  --host http://127.0.0.1:8765 --csv artifacts/load --only-summary
.venv/bin/python - <<'PY'
import csv
rows = list(csv.DictReader(open("artifacts/load_stats.csv")))
print("| request | count | failures | p50 ms | p95 ms |\n|---|---|---|---|---|")
for row in rows:
    print(f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} |")
PY
