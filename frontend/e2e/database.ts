import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './global-setup';

/** A MariaDB/MySQL command-line client: `BOTDECK_SQL_CLIENT`, the one the embedded database ships, else the system's. */
function sqlClient(): string {
  if (process.env.BOTDECK_SQL_CLIENT) return process.env.BOTDECK_SQL_CLIENT;
  const bundled: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 4 || !existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const bin = join(dir, entry.name, 'bin');
      if (entry.name === 'base') bundled.push(join(bin, 'mariadb'), join(bin, 'mysql'));
      else walk(join(dir, entry.name), depth + 1);
    }
  };
  walk(dataDir, 0);
  const found = [...bundled, '/usr/bin/mariadb', '/usr/bin/mysql'].find((path) => existsSync(path));
  if (!found) throw new Error('no MariaDB/MySQL client to seed the e2e database with: install one (apt-get install mariadb-client) or set BOTDECK_SQL_CLIENT');
  return found;
}

/** Runs SQL against the e2e run's embedded database (started by global-setup.ts); returns what it printed (tab-separated, no headers). */
function runSql(sql: string): string {
  const port = process.env.BOTDECK_E2E_DB_PORT;
  if (!port) throw new Error('BOTDECK_E2E_DB_PORT is not set: global-setup.ts did not find the embedded database in the application log');
  const result = spawnSync(sqlClient(), ['--protocol=TCP', '-h', '127.0.0.1', '-P', port, '-u', 'root', '--skip-ssl', '--batch', '--skip-column-names', 'botdeck'], { input: sql, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`SQL failed (${result.status}): ${result.stderr || result.error?.message}`);
  return result.stdout;
}

/** Sessions seeded by {@link seedFinishedSessions} that stopped within the last `minutes` (the seed spaces them 21 minutes apart, the first 10 minutes ago). */
export function seededWithin(minutes: number, count: number): number {
  return Math.min(count, Math.max(0, Math.floor((minutes - 10) / 21) + 1));
}

/**
 * Inserts `count` finished sessions ("Seeded #…") straight into the sessions table in one
 * statement: stopped 10 minutes ago, 31 minutes ago, … (21 minutes apart), so about 68 stopped
 * in the last 24 hours, 480 in 7 days, 2,057 in 30 days.
 */
export function seedFinishedSessions(count: number): void {
  const digit = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
  runSql(`
    INSERT INTO sessions (id, name, type, market, strategy, strategy_params, status, created_at, started_at, stopped_at, last_updated,
                          trade_count, total_pnl, win_rate, max_drawdown)
    SELECT CONCAT('seed-', LPAD(n, 8, '0')), CONCAT('Seeded #', LPAD(n, 5, '0')),
           IF(n % 3 = 0, 'backtest', 'test'), IF(n % 2 = 0, 'XBTUSD', 'ETHUSD'), 'TestBot', '{"threshold": 0.5, "position_size": 100}',
           IF(n % 3 = 0, 'completed', 'stopped'),
           UTC_TIMESTAMP() - INTERVAL (10 + (n - 1) * 21 + 90) MINUTE,
           UTC_TIMESTAMP() - INTERVAL (10 + (n - 1) * 21 + 60) MINUTE,
           UTC_TIMESTAMP() - INTERVAL (10 + (n - 1) * 21) MINUTE,
           UTC_TIMESTAMP() - INTERVAL (10 + (n - 1) * 21) MINUTE,
           n % 50, (n % 200 - 100) * 12.34567891, 55.5, 3.25
    FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 1 AS n FROM ${digit} a, ${digit} b, ${digit} c, ${digit} e) numbers
    WHERE n <= ${Math.floor(count)};
  `);
  const seeded = Number(runSql("SELECT COUNT(*) FROM sessions WHERE id LIKE 'seed-%';").trim());
  if (seeded !== Math.floor(count)) throw new Error(`seeded ${seeded} sessions, not ${count}`);
}

/**
 * A running live session whose bot stopped heartbeating `secondsSilent` seconds ago: an external
 * bot (one that reports through `POST /sessions/{id}/heartbeat`) that died. Returns its id.
 */
export function seedSilentSession(name: string, secondsSilent: number): string {
  const id = randomUUID();
  runSql(`
    INSERT INTO sessions (id, name, type, market, strategy, strategy_params, status, created_at, started_at, last_updated)
    VALUES ('${id}', '${name.replace(/'/g, "''")}', 'test', 'XBTUSD', 'TestBot', '{"threshold": 0.5, "position_size": 100}', 'running',
            UTC_TIMESTAMP() - INTERVAL 10 MINUTE, UTC_TIMESTAMP() - INTERVAL 10 MINUTE,
            UTC_TIMESTAMP() - INTERVAL ${Math.floor(secondsSilent)} SECOND);
  `);
  return id;
}
