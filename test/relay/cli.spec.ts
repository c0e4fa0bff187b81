/**
 * `npm run relay`: help, bad options, and a real start in front of the emulator, then a clean stop.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { startEmulator } from '../../emulator/server.js';
import { expect, test } from './fixtures.js';

/**
 * The CLI in a child Node with tsx loaded in-process, so a signal reaches the relay itself (npx and
 * the tsx launcher would each stand in between).
 */
function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'relay/cli.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
}

function output(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const end = out.indexOf('\n');
      if (end >= 0) resolve(out.slice(0, end));
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

test('npx tsx relay/cli.ts --help prints the usage with every option', async () => {
  const help = await output(spawn('npx', ['tsx', 'relay/cli.ts', '--help'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] }));
  expect(help.code).toBe(0);
  for (const option of ['--account', '--port', '--host', '--csds', '--allow-origin', '--prefix', '--app-key', '--app-key-in', '--trust-proxy']) {
    expect(help.stdout).toContain(option);
  }
});

test('bad options exit 2 and say why', async () => {
  const cases: Array<[string[], string]> = [
    [[], '--account is required'],
    [['--account', '1', '--port', 'many'], '--port must be 0..65535'],
    [['--account', '1', '--app-key-in', 'body'], '--app-key-in must be header or query'],
    [['--account', 'not valid'], 'invalid account id'],
    [['--account', '1', '--csds', 'nowhere'], 'csds is not a URL'],
    [['--account', '1', '--wat'], 'unknown option --wat'],
  ];
  for (const [args, message] of cases) {
    const result = await output(run(args));
    expect(result.code, args.join(' ')).toBe(2);
    expect(result.stderr).toContain(message);
  }
});

test('starts in front of the emulator, prints where it listens, relays, and stops on SIGTERM', async () => {
  test.info().setTimeout(30_000);
  const emulator = await startEmulator({ port: 0, cors: 'off' });
  const child = run(['--account', '123456', '--account=acme', '--port', '0', '--host', '127.0.0.1', '--csds', emulator.url, '--prefix', '/chat-relay']);
  const stopped = output(child);
  try {
    const line = await firstLine(child);
    const match = /^LivePerson relay listening on (http:\/\/127\.0\.0\.1:\d+)\/chat-relay$/.exec(line);
    expect(match, line).not.toBeNull();
    const origin = match![1]!;
    const answer = await fetch(`${origin}/chat-relay/conversationVep/api/account/123456/chat/availability.json?v=1`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ availability: false });
    expect((await fetch(`${origin}/chat-relay/conversationVep/api/account/999/chat/availability.json?v=1`)).status).toBe(403);
    child.kill('SIGTERM');
    const result = await stopped;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('accounts 123456, acme');
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await emulator.close();
  }
});
