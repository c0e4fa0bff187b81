/**
 * `npm start`: the platform emulator on 127.0.0.1:8787 (`EMULATOR_PORT` overrides), the bot agent logged
 * in to it, and the Vite dev server for the demo page on 127.0.0.1:5173. Ctrl+C stops all three.
 */
import { createServer } from 'vite';
import { startBot } from '../emulator/bot/bot.js';
import { startEmulator } from '../emulator/server.js';

const HOST = '127.0.0.1';
const ACCOUNT = process.env.EMULATOR_ACCOUNT ?? '123456';
const AGENT = { username: 'agent', password: 'agent' };

function port(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new Error(`${name} must be a port number, got "${value}"`);
  return n;
}

const stops: Array<() => Promise<void>> = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (stopping) process.exit(1);
  stopping = true;
  for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error));
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const emulator = await startEmulator({ port: port('EMULATOR_PORT', 8787), host: HOST });
  stops.push(() => emulator.close());

  const bot = await startBot({ csds: emulator.url, account: ACCOUNT, ...AGENT });
  stops.push(() => bot.stop());

  // The demo reads the emulator's address from import.meta.env.VITE_EMULATOR_URL / VITE_ACCOUNT.
  process.env.VITE_EMULATOR_URL = emulator.url;
  process.env.VITE_ACCOUNT = ACCOUNT;
  const vite = await createServer({ configFile: 'vite.config.ts', root: process.cwd(), server: { host: HOST, port: 5173 } });
  await vite.listen();
  stops.push(() => vite.close());
  const page = vite.resolvedUrls?.local[0] ?? `http://${HOST}:5173/`;

  console.log(`
  lp-chat-window is running.

    Open the demo:   ${page}
    Emulator:        ${emulator.url}   (account ${ACCOUNT}; state: ${emulator.url}/_emulator/state)
    Demo agent:      login "${AGENT.username}", password "${AGENT.password}", skill Sales
                     (the bot is logged in as this agent; it answers "help", "link", "bye" and echoes the rest)

  Press Ctrl+C to stop.
`);
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
