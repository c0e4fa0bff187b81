// Prints the size of the script-tag bundle (raw and gzip -9) and fails the build when the gzip
// size is over the budget. The size covers everything a page downloads for the window.
// TARGET is where the bundle is going (lit + xstate + ky + DOMPurify alone are ~34,100 B);
// BUDGET is the check that holds today's size so nothing grows it unnoticed: lower it as code
// comes out, never raise it without a reason written here.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const TARGET = 45_000;
// Raised from 50,000 B: a chat that survives reloads and faults (the outbox with reconciliation,
// the kept chat, the relay mode, the views split out of the element) costs about 4.2 KB. The way
// down is the first-stage loader, which lets a page pay for the launcher alone until the visitor
// wants to chat; this budget only keeps the whole from growing unnoticed meanwhile. Raised again
// to 57,000 B for one chat across tabs (leader election, mirroring) and agent HTML under Trusted
// Types (a private policy, sanitised nodes).
const BUDGET = 57_000;
const file = 'dist/lp-chat-window.js';
const raw = readFileSync(file);
const gz = gzipSync(raw, { level: 9 }).length;
const toTarget = gz > TARGET ? `${gz - TARGET} B above the ${TARGET} B target` : `within the ${TARGET} B target`;
console.log(`${file}: ${raw.length} B raw, ${gz} B gzip -9 (budget ${BUDGET} B; ${toTarget})`);
if (gz > BUDGET) {
  console.error(`${file} is ${gz - BUDGET} B over the ${BUDGET} B gzip budget`);
  process.exit(1);
}
