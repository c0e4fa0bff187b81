import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const entry = fileURLToPath(new URL('../../dist/esm/src/index.js', import.meta.url));

/**
 * Imports the npm build in a bare Node process (as a server-side renderer does) with the browser
 * globals it must leave alone watched, and returns the exports and the reads of those globals made
 * outside node_modules (Lit's own Node build checks for `document`). Registering the element is the
 * import's job: `customElements` is Lit's shim here, or a server renderer's registry.
 */
function importInNode(): { exports: string[]; touched: string[] } {
  const script = `
    const touched = [];
    for (const name of ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'BroadcastChannel', 'Worker', 'requestIdleCallback']) {
      let value = globalThis[name];
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          const frame = new Error().stack.split('\\n')[2] ?? '';
          if (!frame.includes('/node_modules/')) touched.push(name + ' ' + frame.trim());
          return value;
        },
        set(v) { value = v; },
      });
    }
    const m = await import(${JSON.stringify(entry)});
    console.log(JSON.stringify({ exports: Object.keys(m).sort(), touched }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

test('importing the package in Node (server-side rendering) touches no browser global', () => {
  const { exports, touched } = importInNode();
  expect(touched).toEqual([]);
  expect(exports).toEqual(expect.arrayContaining(['LpChatWindow', 'defineElements', 'LpOpenEvent', 'LpStatusChangeEvent']));
});
