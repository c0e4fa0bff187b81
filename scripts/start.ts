/**
 * `npm start`: the platform emulator on 127.0.0.1:8787 (`EMULATOR_PORT` overrides) with CORS off, as
 * the real platform must be assumed to be; the bot agent logged in to it; and the Vite dev server
 * for the demo page on 127.0.0.1:5173, with the first-party relay mounted at /lp-relay on the demo's
 * own origin, so the demo reaches the platform exactly as a brand's page should. Ctrl+C stops all.
 */
import { createServer } from 'vite';
import { startBot } from '../emulator/bot/bot.js';
import { startEmulator } from '../emulator/server.js';
import { createRelay } from '../relay/handler.js';
import { relayMiddleware } from '../relay/node.js';

const HOST = '127.0.0.1';
const ACCOUNT = process.env.EMULATOR_ACCOUNT ?? '123456';
const AGENT = { username: 'agent', password: 'agent' };
const RELAY = '/lp-relay';

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
  const emulator = await startEmulator({ port: port('EMULATOR_PORT', 8787), host: HOST, cors: 'off' });
  stops.push(() => emulator.close());

  const bot = await startBot({ csds: emulator.url, account: ACCOUNT, ...AGENT });
  stops.push(() => bot.stop());

  // The demo reads the relay and the account from import.meta.env.VITE_RELAY / VITE_ACCOUNT.
  process.env.VITE_RELAY = RELAY;
  process.env.VITE_ACCOUNT = ACCOUNT;
  const relay = createRelay({ accounts: [ACCOUNT], csds: emulator.url, prefix: RELAY });
  const vite = await createServer({
    configFile: 'vite.config.ts',
    root: process.cwd(),
    server: { host: HOST, port: 5173 },
    plugins: [{ name: 'lp-relay', configureServer: (server) => void server.middlewares.use(relayMiddleware(relay, RELAY)) }],
  });
  await vite.listen();
  stops.push(() => vite.close());
  const page = vite.resolvedUrls?.local[0] ?? `http://${HOST}:5173/`;

  console.log(`
  lp-chat-window is running.

    Open the demo:   ${page}   (a second page: ${page}demo/returns.html)
    Relay:           ${page.replace(/\/$/, '')}${RELAY}   (the demo's own origin; the window calls nothing else)
    Emulator:        ${emulator.url}   (account ${ACCOUNT}, CORS off; state: ${emulator.url}/_emulator/state)
    Demo agent:      login "${AGENT.username}", password "${AGENT.password}", skill Sales
                     (the bot is logged in as this agent; it answers "help", "link", "bye" and echoes the rest)

  Press Ctrl+C to stop.
`);
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
