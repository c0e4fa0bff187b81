import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** A React 19 app's TypeScript, as a user writes it against the installed package (dist/types). */
const app = `
import { useRef } from 'react';
import type { ChatStatus, LpChatWindow } from 'lp-chat-window';
import type {} from 'lp-chat-window/react';

export function Help({ onStatus }: { onStatus: (status: ChatStatus) => void }) {
  const chat = useRef<LpChatWindow>(null);
  return (
    <>
      <button onClick={() => chat.current?.open()}>Chat</button>
      <lp-chat-window
        ref={chat}
        account="12345678"
        relay="/lp-relay"
        persist="local"
        timing={{ pollInterval: 1000 }}
        onlp-status-change={(event) => onStatus(event.detail.status)}
        onlp-message={(event) => event.detail.message.text.trim()}
        onlp-close={(event) => event.preventDefault()}
      />
    </>
  );
}

// Outside JSX: the tag name map and the event map.
const el = document.createElement('lp-chat-window');
el.addEventListener('lp-error', (event) => event.detail.retryable satisfies boolean);
el.endChat();

// What the types refuse.
// @ts-expect-error: a misspelt property
export const typo = <lp-chat-window acount="12345678" />;
// @ts-expect-error: not one of the modes
export const mode = <lp-chat-window persist="cookie" />;
// @ts-expect-error: an lp-message carries a message, not a status
export const detail = <lp-chat-window onlp-message={(event) => event.detail.status} />;
`;

test('TypeScript: a React 19 app types <lp-chat-window> from the package (lp-chat-window/react, the tag and event maps)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-types-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/lp-chat-window'), 'dir');
    symlinkSync(join(root, 'node_modules/@types'), join(dir, 'node_modules/@types'), 'dir');
    writeFileSync(join(dir, 'app.tsx'), app);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, jsx: 'react-jsx', target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], types: [], skipLibCheck: false },
        files: ['app.tsx'],
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    expect(output).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
