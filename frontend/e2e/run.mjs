// `npm run e2e`: runs the Playwright suite against the built application, or explains why not.
// Without Chromium the run is skipped with a loud message, unless BOTDECK_E2E_REQUIRED=1 (CI),
// where a missing browser fails the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const chromium = process.env.BOTDECK_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.BOTDECK_E2E_REQUIRED === '1';

if (!existsSync(chromium)) {
  const banner = '#'.repeat(78);
  const lines = [
    banner,
    `#  END-TO-END TESTS ${required ? 'FAILED' : 'SKIPPED'}: no Chromium at ${chromium}`,
    '#  Install Debian\'s browser (apt-get install chromium) or point BOTDECK_CHROMIUM at one.',
    required ? '#  BOTDECK_E2E_REQUIRED=1 is set, so a missing browser fails the build.' : '#  Set BOTDECK_E2E_REQUIRED=1 to make this an error (CI does).',
    banner,
  ];
  console.error(lines.join('\n'));
  process.exit(required ? 1 : 0);
}

const cli = join(here, '..', 'node_modules', '@playwright', 'test', 'cli.js');
const result = spawnSync(process.execPath, [cli, 'test', ...process.argv.slice(2)], { stdio: 'inherit', cwd: join(here, '..') });
process.exit(result.status ?? 1);
