/**
 * `npm run emulator -- [--port 8787] [--host 127.0.0.1] [--public-host NAME:PORT] [--tls] [--config file.json]
 * [--cors open|off] [--faults RATE] [--fault-seed N] [--fault-kinds LIST] [--latency MS] [--jitter MS] [--faults-agent]`
 * Runs the platform emulator alone (no agent is Online until one logs in and sets itself Online).
 */
import { readFile } from 'node:fs/promises';
import { FAULT_KINDS, FaultInjector, parseKindList } from './faults.js';
import type { FaultSettings, FaultSettingsPatch } from './faults.js';
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
  --cors open|off       open (default): CORS headers and preflights answered; off: no CORS at all
  --help                show this help

Fault injection (deterministic; see "Fault injection" in emulator/README.md):
  --faults RATE         probability 0..1 that an eligible request gets a fault (default 0: none)
  --fault-seed N        seed of the draws, integer 0..4294967295 (default 1)
  --fault-kinds LIST    comma list of kinds, each optionally KIND:WEIGHT (default all but vanish):
                        ${FAULT_KINDS.join(', ')}
  --latency MS          added to every eligible request (default 0)
  --jitter MS           up to this many more ms per request (default 0)
  --faults-agent        the Login Service and Chat Agent API get faults and latency too
                        (default: only the Domain, App Engagement and Server Chat APIs)`;

class UsageError extends Error {}

function integerMs(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n > 60_000) throw new UsageError(`${flag} must be a whole number of ms, 0..60000`);
  return n;
}

async function parseArgs(args: string[]): Promise<EmulatorOptions | 'help'> {
  const options: EmulatorOptions = { port: 8787 };
  const faults: FaultSettingsPatch = {};
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
      case '--cors': {
        const mode = value();
        if (mode !== 'open' && mode !== 'off') throw new UsageError('--cors must be open or off');
        options.cors = mode;
        break;
      }
      case '--faults': {
        const text = value();
        const rate = Number(text);
        if (!/^\d*\.?\d+$/.test(text) || !(rate >= 0 && rate <= 1)) throw new UsageError('--faults must be a rate from 0 to 1');
        faults.rate = rate;
        break;
      }
      case '--fault-seed': {
        const text = value();
        const seed = Number(text);
        if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed) || seed > 0xffff_ffff) throw new UsageError('--fault-seed must be an integer 0..4294967295');
        faults.seed = seed;
        break;
      }
      case '--fault-kinds': {
        try {
          const { kinds, weights } = parseKindList(value());
          faults.kinds = kinds;
          faults.weights = weights;
        } catch (error) {
          if (error instanceof UsageError) throw error;
          throw new UsageError(`--fault-kinds: ${(error as Error).message}`);
        }
        break;
      }
      case '--latency':
        faults.latencyMs = integerMs(flag, value());
        break;
      case '--jitter':
        faults.jitterMs = integerMs(flag, value());
        break;
      case '--faults-agent':
        if (inline !== undefined) throw new UsageError('--faults-agent takes no value');
        faults.agent = true;
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (Object.keys(faults).length > 0) {
    try {
      new FaultInjector(faults);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    options.faults = faults;
  }
  return options;
}

/** One line saying what faults and latency are on, or nothing when none are. */
function describeFaults(settings: FaultSettings): string | undefined {
  const parts: string[] = [];
  if (settings.rate > 0) {
    const kinds = settings.kinds.map((k) => (settings.weights[k] !== undefined ? `${k}:${settings.weights[k]}` : k)).join(',');
    parts.push(`faults on ${settings.rate * 100}% of eligible requests (seed ${settings.seed}; kinds ${kinds})`);
  }
  if (settings.latencyMs > 0 || settings.jitterMs > 0) parts.push(`latency ${settings.latencyMs} ms + up to ${settings.jitterMs} ms`);
  if (parts.length === 0) return undefined;
  const apis = settings.agent ? 'every API but the control API' : 'the Domain, App Engagement and Server Chat APIs';
  return `Fault injection: ${parts.join(', ')}, on ${apis}`;
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
  const faultLine = describeFaults(emulator.faults.settings);
  if (faultLine) console.log(faultLine);
  if (emulator.cors === 'off') console.log('CORS is off: no CORS headers, OPTIONS is not answered as a preflight');
  if (emulator.certificateGenerator) console.log(`(self-signed certificate made with ${emulator.certificateGenerator})`);
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
