/**
 * `npm run relay -- --account 123456 [--account …] [--port 8788] [--host 127.0.0.1] [--csds URL]
 *   [--allow-origin URL]… [--public-url URL] [--prefix /lp-relay] [--app-key KEY]
 *   [--app-key-in header|query] [--trust-proxy]`
 * Runs the relay alone on Node's HTTP server until Ctrl+C.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRelay } from './handler.js';
import { toNodeListener } from './node.js';
import { DEFAULT_CSDS, DEFAULT_PREFIX } from './options.js';
import type { RelayOptions } from './options.js';

const USAGE = `Usage: npm run relay -- --account ID [options]

Runs the LivePerson relay: a same-origin proxy that forwards the chat window's Server Chat API and
App Engagement API calls of the given accounts to LivePerson (hosts from the Domain API), adding
the appKey server-side. Serves ${DEFAULT_PREFIX}/… (see relay/README.md) until Ctrl+C.

Options:
  --account ID          account to serve; repeat for several (required)
  --port N              port to listen on (default 8788; 0 = any free port)
  --host HOST           interface to listen on (default 127.0.0.1)
  --csds URL            Domain API base URL (default ${DEFAULT_CSDS}; the local
                        emulator: http://127.0.0.1:8787)
  --allow-origin URL    an origin allowed besides the relay's own; repeatable
  --public-url URL      the origin browsers reach the relay at, when a proxy is in front
  --prefix PATH         path the relay answers under (default ${DEFAULT_PREFIX})
  --app-key KEY         Server Chat API appKey (default: the public global key)
  --app-key-in WHERE    header (default) or query
  --trust-proxy         a proxy in front sets X-Forwarded-For: its last entry is the visitor
  --help                show this help`;

class UsageError extends Error {}

interface CliOptions {
  relay: RelayOptions;
  port: number;
  host: string;
}

function parseArgs(args: string[]): CliOptions | 'help' {
  const accounts: string[] = [];
  const allowOrigins: string[] = [];
  const relay: Omit<RelayOptions, 'accounts'> = {};
  let port = 8788;
  let host = '127.0.0.1';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--account':
        accounts.push(value());
        break;
      case '--port': {
        port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--port must be 0..65535');
        break;
      }
      case '--host':
        host = value();
        break;
      case '--csds':
        relay.csds = value();
        break;
      case '--allow-origin':
        allowOrigins.push(value());
        break;
      case '--public-url':
        relay.publicUrl = value();
        break;
      case '--prefix':
        relay.prefix = value();
        break;
      case '--app-key':
        relay.appKey = value();
        break;
      case '--app-key-in': {
        const where = value();
        if (where !== 'header' && where !== 'query') throw new UsageError('--app-key-in must be header or query');
        relay.appKeyIn = where;
        break;
      }
      case '--trust-proxy':
        relay.trustProxy = true;
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (accounts.length === 0) throw new UsageError('--account is required');
  return { relay: { ...relay, accounts, allowOrigins }, port, host };
}

function fail(message: string, code: number): never {
  console.error(`relay: ${message}`);
  process.exit(code);
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail(`${error.message}\n\n${USAGE}`, 2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  let handler;
  try {
    handler = createRelay(options.relay);
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => {
    server.once('error', (error) => fail(`cannot listen on ${options.host}:${options.port}: ${error.message}`, 1));
    server.listen(options.port, options.host, resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const shown = address.includes(':') ? `[${address}]` : address;
  const prefix = (options.relay.prefix ?? DEFAULT_PREFIX).replace(/\/+$/, '');
  console.log(`LivePerson relay listening on http://${shown}:${port}${prefix}`);
  console.log(`accounts ${options.relay.accounts.join(', ')}; Domain API ${options.relay.csds ?? DEFAULT_CSDS}`);
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
