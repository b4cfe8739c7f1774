#!/usr/bin/env bash
# Seeds N sessions and M trades straight into a Botdeck database whose schema Flyway has made
# (start the app against it once first). MariaDB only (Sequence engine). Deletes what is there.
#   bench/history/seed.sh [sessions] [trades]      defaults 1000000 20000000
# Env: DB (botdeck_bench_hist), DB_HOST (127.0.0.1), DB_PORT (3306), DB_USER (root), DB_PASSWORD.
set -euo pipefail
N=${1:-1000000}
M=${2:-20000000}
DB=${DB:-botdeck_bench_hist}
HERE=$(cd "$(dirname "$0")" && pwd)
mysql_() { mysql -h"${DB_HOST:-127.0.0.1}" -P"${DB_PORT:-3306}" -u"${DB_USER:-root}" ${DB_PASSWORD:+-p"$DB_PASSWORD"} "$DB" "$@"; }
start=$(date +%s)
mysql_ -e "SET FOREIGN_KEY_CHECKS = 0; TRUNCATE TABLE trades; TRUNCATE TABLE session_events; TRUNCATE TABLE sessions; SET FOREIGN_KEY_CHECKS = 1;"
# 1,000,000 sessions and 20,000,000 trades in big transactions: let one statement hold them
{ echo "SET SESSION unique_checks = 0; SET SESSION foreign_key_checks = 0; SET @sessions = $N; SET @trades = $M;"; cat "$HERE/seed.sql"; } | mysql_
echo "seeded $N sessions and $M trades into $DB in $(( $(date +%s) - start )) s"
