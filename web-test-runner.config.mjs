// @ts-check
// Unit and component tests (test/**/*.test.ts) in real Chromium. The browser is Debian's
// /usr/bin/chromium (or CHROME_PATH / CHROMIUM_PATH); scripts/ensure-browser.mjs installs it.
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { browserPath } from './scripts/browser-path.mjs';

/**
 * Prints one plain closing line, "unit: N passed, N failed, N skipped", as the last line of the
 * run (wtr's own summary is a progress bar that log readers cannot parse).
 * @returns {import('@web/test-runner').Reporter}
 */
function plainSummaryReporter() {
  /** @param {import('@web/test-runner').TestSuiteResult | undefined} suite */
  const count = (suite, acc = { passed: 0, failed: 0, skipped: 0 }) => {
    if (!suite) return acc;
    for (const t of suite.tests) {
      if (t.skipped) acc.skipped++;
      else if (t.passed) acc.passed++;
      else acc.failed++;
    }
    for (const s of suite.suites) count(s, acc);
    return acc;
  };
  return {
    stop({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        count(session.testResults, acc);
        // A file that failed to load has no results but errors: count it as one failure.
        if (!session.passed && !session.testResults?.tests.length && !session.testResults?.suites.length) acc.failed++;
      }
      process.once('exit', () => {
        console.log(`unit: ${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped`);
      });
    },
  };
}

const group = process.env.WTR_FILES;

export default {
  files: group ? group.split(',') : ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: browserPath(),
        headless: true,
        args: ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost, EXCLUDE 127.0.0.1'],
      },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 8000 } },
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].startsWith('Lit is in dev mode')),
  reporters: [defaultReporter(), plainSummaryReporter()],
};
