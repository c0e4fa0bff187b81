import { ESLint } from 'eslint';
import { expect, test } from '@playwright/test';

const eslint = new ESLint({ cwd: new URL('../../', import.meta.url).pathname });

/** The rules `code` breaks when it sits at `filePath` (relative to the repository). */
async function broken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

test.describe('the layering the lint config enforces', () => {
  test('the machine and the API touch no DOM and import no Lit, no view, no controller', async () => {
    expect(await broken('src/machine/x.ts', "export const a = document.title;\n")).toEqual(['no-restricted-globals']);
    expect(await broken('src/api/x.ts', "export const a = () => localStorage.getItem('k');\n")).toEqual(['no-restricted-globals']);
    expect(await broken('src/machine/x.ts', "import { html } from 'lit';\nexport const a = html``;\n")).toEqual(['no-restricted-imports']);
    expect(await broken('src/api/x.ts', "import '../controllers/chat-controller.js';\n")).toEqual(['no-restricted-imports']);
    expect(await broken('src/machine/x.ts', "import '../../components/chat-log/chat-log.js';\n")).toEqual(['no-restricted-imports']);
    expect(await broken('src/machine/x.ts', "import { toErrorInfo } from './error-info.js';\nexport const a = toErrorInfo;\n")).toEqual([]);
  });

  test('views reach the machine only through the conversation, and no HTML string reaches the DOM', async () => {
    expect(await broken('components/chat-log/x.ts', "import { chatMachine } from '../../src/machine/chat.machine.js';\nexport const a = chatMachine;\n")).toEqual(['no-restricted-imports']);
    expect(await broken('components/chat-log/x.ts', "import { sanitizeHtml } from '../../src/sanitize/sanitize-html.js';\nexport const a = sanitizeHtml;\n")).toEqual(['no-restricted-imports']);
    expect(await broken('components/chat-window/chat-window-dialog.ts', "import { chatMachine } from '../../src/machine/chat.machine.js';\nexport const a = chatMachine;\n")).toEqual([]);
    expect(await broken('components/chat-log/x.ts', "export const a = (el: Element, s: string) => { el.innerHTML = s; };\n")).toEqual(['no-restricted-syntax']);
    expect(await broken('src/x.ts', "export const a = (el: Element, s: string) => el.insertAdjacentHTML('beforeend', s);\n")).toEqual(['no-restricted-syntax']);
  });

  test('the emulator and the relay know nothing of the window', async () => {
    expect(await broken('emulator/x.ts', "import '../src/api/dto.js';\n")).toEqual(['no-restricted-imports']);
    expect(await broken('relay/x.ts', "import '../emulator/state.js';\n")).toEqual(['no-restricted-imports']);
  });
});
