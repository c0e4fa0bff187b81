/**
 * `npm start`: the platform emulator on 127.0.0.1:8787 (`EMULATOR_PORT` overrides) with CORS off, as
 * the real platform must be assumed to be; the bot agent logged in to it (not with `--no-bot`); and
 * the Vite dev server for the demo page on 127.0.0.1:5173, with the first-party relay mounted at
 * /lp-relay on the demo's own origin, so the demo reaches the platform exactly as a brand's page
 * should, and the agent console (/demo/agent.html) with its own door to the agent side of the
 * platform at /lp-agent. Ctrl+C stops all.
 */
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { agentProxyMiddleware } from '../demo/agent/dev-proxy.js';
import { AGENT_PROXY } from '../demo/agent/api/platform.js';
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
  // `--no-bot`: nobody answers but a person at the agent console.
  const { values: flags } = parseArgs({ options: { 'no-bot': { type: 'boolean', default: false } } });
  const withBot = !flags['no-bot'];

  const emulator = await startEmulator({ port: port('EMULATOR_PORT', 8787), host: HOST, cors: 'off' });
  stops.push(() => emulator.close());

  if (withBot) {
    const bot = await startBot({ csds: emulator.url, account: ACCOUNT, ...AGENT });
    stops.push(() => bot.stop());
  }

  // The demo reads the relay and the account from import.meta.env.VITE_RELAY / VITE_ACCOUNT.
  process.env.VITE_RELAY = RELAY;
  process.env.VITE_ACCOUNT = ACCOUNT;
  const relay = createRelay({ accounts: [ACCOUNT], csds: emulator.url, prefix: RELAY });
  const vite = await createServer({
    configFile: 'vite.config.ts',
    root: process.cwd(),
    server: { host: HOST, port: 5173 },
    plugins: [
      { name: 'lp-relay', configureServer: (server) => void server.middlewares.use(relayMiddleware(relay, RELAY)) },
      { name: 'lp-agent-proxy', configureServer: (server) => void server.middlewares.use(agentProxyMiddleware(emulator.url)) },
    ],
  });
  await vite.listen();
  stops.push(() => vite.close());
  const page = vite.resolvedUrls?.local[0] ?? `http://${HOST}:5173/`;
  const bot = withBot
    ? `(the bot is logged in as this agent; it answers "help", "link", "bye" and echoes the rest;
                     \`npm start -- --no-bot\` leaves the chats to you)`
    : '(no bot: sign in at the agent console and go Online, or the window offers to leave a message)';

  console.log(`
  lp-chat-window is running.

    Open the demo:   ${page}   (a second page: ${page}demo/returns.html)
    Agent console:   ${page}demo/agent.html   (play the agent: sign in, go Online, accept the demo's chats)
    Relay:           ${page.replace(/\/$/, '')}${RELAY}   (the demo's own origin; the window calls nothing else)
    Agent side:      ${page.replace(/\/$/, '')}${AGENT_PROXY}   (the console's door to the Login Service and Chat Agent API)
    Emulator:        ${emulator.url}   (account ${ACCOUNT}, CORS off; state: ${emulator.url}/_emulator/state)
    Demo agent:      login "${AGENT.username}", password "${AGENT.password}", skill Sales
                     ${bot}

  Press Ctrl+C to stop.
`);
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
