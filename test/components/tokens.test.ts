import { expect } from '@open-wc/testing';
import { LpChatWindow } from '../../components/chat-window/chat-window.js';
import { ChatWindowDialog } from '../../components/chat-window/chat-window-dialog.js';
import { hostStyles } from '../../styles/host.styles.js';

/** Every style sheet of the window: the element's own, and the conversation's once it has loaded. */
const sheets = () => [...(LpChatWindow.styles as { cssText: string }[]), ...ChatWindowDialog.styles];
const cssText = () => sheets().map((s) => s.cssText).join('\n');
const names = (text: string, re: RegExp) => new Set([...text.matchAll(re)].map((m) => m[1]));

/** `--lp-x: value` declarations of the first (light) block of tokens.css. */
async function documented(): Promise<Map<string, string>> {
  const text = await (await fetch('/styles/tokens.css')).text();
  const light = text.slice(0, text.indexOf('@media'));
  return new Map([...light.matchAll(/(--lp-[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

describe('design tokens', () => {
  it('every private --_ token is defined once on :host and used', () => {
    const text = cssText();
    const defined = [...hostStyles.cssText.slice(0, hostStyles.cssText.indexOf('@media')).matchAll(/(--_[\w-]+):/g)].map((m) => m[1]);
    expect(defined.length).to.equal(new Set(defined).size);
    const used = names(text, /var\((--_[\w-]+)\)/g);
    expect([...used].filter((n) => !defined.includes(n)), 'used but not defined').to.deep.equal([]);
    expect(defined.filter((n) => !used.has(n)), 'defined but not used').to.deep.equal([]);
  });

  it('every public --lp- token the element reads is documented in styles/tokens.css, with the same default', async () => {
    const docs = await documented();
    const fallbacks = new Map(
      [...hostStyles.cssText.slice(0, hostStyles.cssText.indexOf('@media')).matchAll(/var\((--lp-[\w-]+),\s*([^;]+)\);/g)].map((m) => [m[1], m[2].trim()]),
    );
    expect([...names(cssText(), /var\((--lp-[\w-]+)/g)].sort()).to.deep.equal([...docs.keys()].sort());
    for (const [name, value] of fallbacks) {
      if (!value.startsWith('var(')) expect(docs.get(name), name).to.equal(value);
    }
  });

  it('no raw colours outside the token defaults', () => {
    const text = sheets().slice(1).map((s) => s.cssText).join('\n');
    expect(text.match(/#[0-9a-f]{3,8}\b|rgb\(/gi)).to.equal(null);
  });
});
