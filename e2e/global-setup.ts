import { execSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist/lp-chat-window.js');

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * The end-to-end tests load the built script-tag bundle: build it when it is missing or older than
 * the sources, so `npx playwright test` alone never tests yesterday's code.
 */
export default function globalSetup(): void {
  let built = 0;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    // Not built yet.
  }
  const sources = Math.max(...['src', 'components', 'styles'].map((dir) => newest(join(root, dir))));
  if (built >= sources) return;
  console.log('Building dist/lp-chat-window.js for the end-to-end tests');
  execSync('npx vite build --mode bundle', { cwd: root, stdio: 'inherit' });
}
