#!/usr/bin/env bash
# Seeds N sessions and M trades straight into a Botdeck database whose schema Flyway has made
# (start the app against it once first). MariaDB only (Sequence engine). Empties the sessions,
# events and trades that are there, then recounts the kept totals and name counters.
#   bench/history/seed.sh [sessions] [trades]      defaults 1000000 20000000
# Env: DB (botdeck_bench_hist), DB_HOST (127.0.0.1), DB_PORT (3306), DB_USER (root), DB_PASSWORD.
# Session 1 gets min(M, 1,000,000) trades, the rest go 19 per session to sessions 2, 3, ...
set -euo pipefail
N=${1:-1000000}
M=${2:-20000000}
DB=${DB:-botdeck_bench_hist}
HERE=$(cd "$(dirname "$0")" && pwd)
mysql_() { mysql -h"${DB_HOST:-127.0.0.1}" -P"${DB_PORT:-3306}" -u"${DB_USER:-root}" ${DB_PASSWORD:+-p"$DB_PASSWORD"} "$DB" "$@"; }
start=$(date +%s)
mysql_ -e "SET FOREIGN_KEY_CHECKS = 0; TRUNCATE TABLE trades; TRUNCATE TABLE session_events; TRUNCATE TABLE sessions; SET FOREIGN_KEY_CHECKS = 1;"
{ echo "SET SESSION unique_checks = 0; SET SESSION foreign_key_checks = 0; SET @sessions = $N; SET @trades = $M;"; cat "$HERE/seed.sql"; } | mysql_
echo "sessions and the big session's trades: $(( $(date +%s) - start )) s"
BIG=$(( M < 1000000 ? M : 1000000 ))
REST=$(( M - BIG ))
PER=19
LAST=$(( 1 + (REST + PER - 1) / PER ))   # sessions 2..LAST get trades
if (( LAST > N )); then LAST=$N; fi
CHUNK=50000
from=1
while (( REST > 0 && from < LAST )); do
  to=$(( from + CHUNK < LAST ? from + CHUNK : LAST ))
  { echo "SET SESSION unique_checks = 0; SET SESSION foreign_key_checks = 0; SET @from = $from; SET @to = $to; SET @per = $PER;"; cat "$HERE/seed_trades.sql"; } | mysql_
  from=$to
done
# the kept totals and name counters (migration V8), if the schema has them: TRUNCATE fired no triggers
if mysql_ -N -e "SHOW TABLES LIKE 'session_counts'" | grep -q session_counts; then
  mysql_ -e "DELETE FROM session_counts; INSERT INTO session_counts (status, type, market, n) SELECT COALESCE(status, ''), type, market, COUNT(*) FROM sessions GROUP BY COALESCE(status, ''), type, market;
    DELETE FROM session_name_counters; INSERT INTO session_name_counters (prefix, last_no) SELECT p, MAX(n) FROM (SELECT LEFT(name, CHAR_LENGTH(name) - CHAR_LENGTH(SUBSTRING_INDEX(name, '#', -1))) AS p, CAST(SUBSTRING_INDEX(name, '#', -1) AS UNSIGNED) AS n FROM sessions WHERE name REGEXP ' #[0-9]{1,9}\$') x GROUP BY p;"
fi
mysql_ -e "ANALYZE TABLE sessions, trades;" > /dev/null
echo "seeded $(mysql_ -N -e 'SELECT COUNT(*) FROM sessions') sessions and $(mysql_ -N -e 'SELECT COUNT(*) FROM trades') trades into $DB in $(( $(date +%s) - start )) s"
