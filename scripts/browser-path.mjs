// Which Chromium the tests drive: CHROME_PATH or CHROMIUM_PATH when set, else Debian's
// /usr/bin/chromium, else Playwright's own downloaded browser (undefined lets Playwright find it).
import { existsSync } from 'node:fs';

export function browserPath() {
  const fromEnv = process.env.CHROME_PATH || process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}
