import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints one plain closing line, "e2e: N passed, N failed, N skipped", after Playwright's own. */
export default class PlainReporter implements Reporter {
  private readonly final = new Map<string, TestResult['status']>();

  onTestEnd(test: TestCase, result: TestResult): void {
    this.final.set(test.id, result.status);
  }

  onEnd(_result: FullResult): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const status of this.final.values()) {
      if (status === 'passed') passed++;
      else if (status === 'skipped') skipped++;
      else failed++;
    }
    process.once('exit', () => console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`));
  }
}
