import { defineConfig, devices } from '@playwright/test';
import { browserPath } from './scripts/browser-path.mjs';

// Node-side tests: the emulator's HTTP contract (test/emulator), the bot chatting with a scripted
// visitor (test/emulator), and browser end-to-end tests of the built bundle (e2e/). Every suite
// starts its own emulator in-process on a free port (e2e/fixtures.ts, test/emulator/fixtures.ts).
export default defineConfig({
  testDir: '.',
  testMatch: ['test/emulator/**/*.spec.ts', 'test/relay/**/*.spec.ts', 'test/package/**/*.spec.ts', 'e2e/**/*.spec.ts'],
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['./scripts/plain-reporter.ts']],
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: browserPath(),
          args: ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost, EXCLUDE 127.0.0.1'],
        },
      },
    },
  ],
});
