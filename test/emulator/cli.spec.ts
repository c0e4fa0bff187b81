import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, expect, test } from './fixtures.js';

const CLI = ['--import', 'tsx', 'emulator/cli.ts'];

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [...CLI, ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
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

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

function output(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => (stdout += c));
  child.stderr?.on('data', (c) => (stderr += c));
  return exitCode(child).then((code) => ({ code, stdout, stderr }));
}

test('cli: prints the URL, serves with --config and --public-host, stops cleanly on SIGTERM', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lp-emulator-cli-'));
  try {
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ appKeys: ['cli-key'] }));
    const child = run(['--port', '0', '--host', '127.0.0.1', '--public-host', 'chat.local:9999', '--config', file]);
    const line = await firstLine(child);
    const match = /^LivePerson platform emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    expect(match).not.toBeNull();
    const url = match?.[1] ?? '';
    const domain = await call(`${url}/api/account/1/service/conversationVep/baseURI.json?version=1.0`);
    expect(domain.body.baseURI).toBe('chat.local:9999');
    expect((await call(`${url}/api/account/1/chat/availability.json?v=1&appKey=cli-key`)).body).toEqual({ availability: false });
    const exited = exitCode(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cli: --help prints usage; bad options exit 2', async () => {
  const help = await output(run(['--help']));
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('--public-host');
  const bad = await output(run(['--port', 'many']));
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--port must be 0..65535');
  const badConfig = await output(run(['--config', '/nonexistent/config.json']));
  expect(badConfig.code).toBe(2);
});
