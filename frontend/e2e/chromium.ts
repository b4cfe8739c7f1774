import { existsSync } from 'node:fs';

/** The Chromium the tests drive: `BOTDECK_CHROMIUM`, else Debian's package. Never a downloaded one. */
export function chromiumPath(): string {
  return process.env.BOTDECK_CHROMIUM ?? '/usr/bin/chromium';
}

export function chromiumPresent(): boolean {
  return existsSync(chromiumPath());
}
