// Prints the size of the script-tag bundle (raw and gzip -9) and fails the build when the gzip
// size is over the budget. The size covers everything a page downloads for the window.
// TARGET is where the bundle is going (lit + xstate + ky + DOMPurify alone are ~34,100 B);
// BUDGET is the check that holds today's size so nothing grows it unnoticed: lower it as code
// comes out, never raise it without a reason written here.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const TARGET = 45_000;
const BUDGET = 50_000;
const file = 'dist/lp-chat-window.js';
const raw = readFileSync(file);
const gz = gzipSync(raw, { level: 9 }).length;
const toTarget = gz > TARGET ? `${gz - TARGET} B above the ${TARGET} B target` : `within the ${TARGET} B target`;
console.log(`${file}: ${raw.length} B raw, ${gz} B gzip -9 (budget ${BUDGET} B; ${toTarget})`);
if (gz > BUDGET) {
  console.error(`${file} is ${gz - BUDGET} B over the ${BUDGET} B gzip budget`);
  process.exit(1);
}
