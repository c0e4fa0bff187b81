// `npm test`: every test. Installs Chromium when missing (see ensure-browser.mjs), builds the
// bundle the end-to-end tests load, runs the unit/component tests in Chromium (wtr), then the
// emulator contract, bot and browser end-to-end tests (Playwright). Exits non-zero on any failure
// and closes with one plain "N passed, N failed, N skipped" line for both runs together.
import { spawn } from 'node:child_process';
import { ensureBrowser } from './ensure-browser.mjs';

await ensureBrowser();

/** Runs a command, echoing its output, and returns its exit code and the last summary line. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } });
    let summary;
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^(?:unit|e2e): (\d+) passed, (\d+) failed, (\d+) skipped$/.exec(line.trim());
        if (m) summary = m.slice(1).map(Number);
      }
    });
    child.on('close', (code) => resolve({ code: code ?? 1, summary }));
  });
}

const steps = [
  ['build', 'npm', ['run', '--silent', 'build']],
  ['unit', 'npx', ['wtr', '--static-logging']],
  ['e2e', 'npx', ['playwright', 'test']],
];
const total = [0, 0, 0];
let failed = false;
for (const [name, cmd, args] of steps) {
  const { code, summary } = await run(cmd, args);
  if (summary) summary.forEach((n, i) => (total[i] += n));
  if (code !== 0) {
    failed = true;
    console.error(`npm test: the ${name} step failed (exit ${code})`);
    if (name === 'build') break;
  }
  if (name !== 'build' && !summary) {
    failed = true;
    total[1] += 1;
    console.error(`npm test: the ${name} step printed no summary line`);
  }
}
console.log(`${total[0]} passed, ${total[1]} failed, ${total[2]} skipped`);
process.exit(failed ? 1 : 0);
