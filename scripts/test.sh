#!/usr/bin/env bash
# The suite's one test command (`make test`):
#   1. lint (ruff + pylint-odoo mandatory checks),
#   2. a fresh PostgreSQL database with every addon installed, demo data included,
#   3. Odoo's own test runner on the suite's tests (unit, HTTP, Chromium tours),
#   4. a last line "N passed, N failed" read from Odoo's odoo.tests.result line.
# Exits non-zero on a lint failure, a failed or erroring test, a skipped tour or no test.
#
# Run by `make test`, which puts the virtualenv of scripts/setup-odoo.sh first on the PATH.
# Environment: ADDONS (comma list), ODOO_BIN (default: odoo), PGHOST/PGPORT/PGUSER/PGPASSWORD,
# HTTP_PORT (default 8269), KEEP_DB=1 to keep the database, TEST_TAGS to narrow the run.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ADDONS=${ADDONS:-dealer_profile,network_audit,order_tracking,cx_cases}
ODOO_BIN=${ODOO_BIN:-odoo}
DB=${TEST_DB:-oem_suite_test_$$}
LOG_DIR=${LOG_DIR:-$ROOT/test-logs}
mkdir -p "$LOG_DIR"
LOG=$LOG_DIR/odoo-test.log

if ! python3 -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)' 2>/dev/null; then
    echo "Odoo 19 is not importable by python3: install Odoo 19.0 first (see README, 'Testing')." >&2
    echo "0 passed, 1 failed"
    exit 2
fi

lint_status=0
scripts/lint.sh || lint_status=$?

# Every addon of the suite; Odoo's own addons come from the installed odoo package.
ODOO_ADDONS=$(python3 -c 'import odoo.addons, os; print(",".join(p for p in odoo.addons.__path__ if os.path.isdir(p)))')
TAGS=${TEST_TAGS:-$(echo "$ADDONS" | sed 's/\([^,]*\)/\/\1/g')}

cleanup() { [ -n "${KEEP_DB:-}" ] || dropdb --if-exists -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGUSER:-root}" "$DB" 2>/dev/null; }
trap cleanup EXIT

echo "== Odoo tests: database $DB, addons $ADDONS, tags $TAGS"
start=$(date +%s)
DB_ARGS=(--db_host "${PGHOST:-127.0.0.1}" --db_port "${PGPORT:-5432}" --db_user "${PGUSER:-root}")
[ -z "${PGPASSWORD:-}" ] || DB_ARGS+=(--db_password "$PGPASSWORD")
"$ODOO_BIN" -c "$ROOT/config/odoo-test.conf" "${DB_ARGS[@]}" \
    --addons-path="$ROOT/addons,$ODOO_ADDONS" \
    --http-port "${HTTP_PORT:-8269}" --gevent-port "$(( ${HTTP_PORT:-8269} + 3 ))" \
    -d "$DB" -i "$ADDONS" --with-demo \
    --test-enable --test-tags "$TAGS" \
    --stop-after-init 2>&1 | tee "$LOG" | grep -E --line-buffered \
    " (ERROR|CRITICAL|WARNING) |odoo.tests.(result|stats)|FAIL|Traceback|Starting |skipped " 
odoo_status=${PIPESTATUS[0]}
echo "== Odoo finished in $(( $(date +%s) - start )) s (full log: $LOG)"

result=$(grep -E "odoo.tests.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$LOG" | tail -1)
if [ -z "$result" ]; then
    echo "No test result line from Odoo: the tests did not run (see $LOG)."
    echo "0 passed, 1 failed"
    exit 1
fi
failed=$(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1/' <<<"$result")
errors=$(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\2/' <<<"$result")
total=$(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\3/' <<<"$result")
skipped=$(grep -cE "odoo\.addons\.[a-z_]+\.tests\.[^ ]*: skipped " "$LOG" || true)
bad=$((failed + errors))
passed=$((total - bad - skipped))

status=0
[ "$odoo_status" -eq 0 ] || { echo "Odoo exited with status $odoo_status."; status=1; }
[ "$total" -gt 0 ] || { echo "No test ran."; status=1; }
[ "$bad" -eq 0 ] || status=1
if [ "$skipped" -gt 0 ]; then
    echo "$skipped test(s) were skipped (a skipped tour is a failure here):"
    grep -E "odoo\.addons\.[a-z_]+\.tests\.[^ ]*: skipped " "$LOG"
    status=1
fi
[ "$lint_status" -eq 0 ] || { echo "Lint failed."; status=1; }
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $bad failed, $skipped skipped"
else
    echo "$passed passed, $bad failed"
fi
exit $status
