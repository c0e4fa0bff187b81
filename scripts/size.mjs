// Prints the size of the script-tag bundle (raw and gzip -9) and fails the build when the gzip
// size is over the budget. The budget covers everything a page downloads for the window.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 45_000;
const file = 'dist/lp-chat-window.js';
const raw = readFileSync(file);
const gz = gzipSync(raw, { level: 9 }).length;
console.log(`${file}: ${raw.length} B raw, ${gz} B gzip -9 (budget ${BUDGET} B)`);
if (gz > BUDGET) {
  console.error(`${file} is ${gz - BUDGET} B over the ${BUDGET} B gzip budget`);
  process.exit(1);
}
