/**
 * `npm run emulator -- [--port 8787] [--host 127.0.0.1] [--public-host NAME:PORT] [--tls] [--config file.json]`
 * Runs the platform emulator alone (no agent is Online until one logs in and sets itself Online).
 */
import { readFile } from 'node:fs/promises';
import { startEmulator } from './server.js';
import type { EmulatorOptions } from './server.js';

const USAGE = `Usage: npm run emulator -- [options]

Runs the local LivePerson platform emulator (Domain API, App Engagement API, Server Chat API,
Login Service, Chat Agent API and the /_emulator/ control API) until Ctrl+C.

Options:
  --port N              port to listen on (default 8787; 0 = any free port)
  --host HOST           interface to listen on (default 127.0.0.1)
  --public-host H:P     host:port the Domain API answers and links point to (default HOST:PORT)
  --tls                 serve HTTPS with a self-signed certificate made at start
  --config FILE         JSON file with a partial configuration (see emulator/README.md)
  --help                show this help`;

class UsageError extends Error {}

async function parseArgs(args: string[]): Promise<EmulatorOptions | 'help'> {
  const options: EmulatorOptions = { port: 8787 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--port must be 0..65535');
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--public-host': {
        const publicHost = value();
        if (!/^(\[[0-9a-fA-F:]+\]|[a-zA-Z0-9.-]+):\d{1,5}$/.test(publicHost)) throw new UsageError('--public-host must be NAME:PORT');
        options.publicHost = publicHost;
        break;
      }
      case '--tls':
        options.tls = true;
        break;
      case '--config': {
        const file = value();
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (error) {
          throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
        }
        try {
          options.config = JSON.parse(text);
        } catch (error) {
          throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
        }
        break;
      }
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: EmulatorOptions | 'help';
  try {
    options = await parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`emulator: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    console.error(`emulator: ${(error as Error).message}`);
    process.exit(1);
  }
  console.log(`LivePerson platform emulator listening on ${emulator.url}`);
  if (emulator.certificateGenerator) console.log(`(self-signed certificate made with ${emulator.certificateGenerator})`);
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
