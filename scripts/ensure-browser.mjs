// Makes sure a Chromium is there for the tests. Uses CHROME_PATH/CHROMIUM_PATH or
// /usr/bin/chromium, or a browser Playwright itself downloaded; otherwise, as root on
// Debian/Ubuntu, installs Debian's `chromium` with apt-get; otherwise says exactly what to
// install and exits non-zero.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { browserPath } from './browser-path.mjs';

export async function ensureBrowser() {
  const path = browserPath();
  if (path && existsSync(path)) return path;
  if (path === undefined) {
    const { chromium } = await import('playwright');
    if (existsSync(chromium.executablePath())) return chromium.executablePath();
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Chromium for the tests: apt-get install -y --no-install-recommends chromium');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execSync('apt-get update -qq', { stdio: 'inherit', env });
    execSync('apt-get install -y -qq --no-install-recommends chromium', { stdio: 'inherit', env });
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.error(
    [
      `No Chromium found for the tests${path ? ` at ${path}` : ''}.`,
      'Install one, then run the command again:',
      '  Debian/Ubuntu:  sudo apt-get install -y --no-install-recommends chromium',
      '  or set CHROME_PATH to an installed Chrome/Chromium binary.',
    ].join('\n'),
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) await ensureBrowser();
