import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { tokensOf } from '../../styles/token-list.js';
import { hostStyles } from '../../styles/host.styles.js';

const root = new URL('../../', import.meta.url);
const file = new URL('custom-elements.json', root);

interface Named {
  name: string;
  default?: string;
}
interface Declaration {
  tagName?: string;
  customElement?: boolean;
  attributes?: Named[];
  members?: (Named & { kind: string; privacy?: string; static?: boolean })[];
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}

test('custom-elements.json describes <lp-chat-window>: attributes, properties, methods, events, parts, tokens', () => {
  expect(existsSync(file), 'npm run build writes custom-elements.json').toBe(true);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { modules: { declarations?: Declaration[] }[] };
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
  expect(elements.map((d) => d.tagName)).toEqual(['lp-chat-window']);
  const [el] = elements as [Declaration];
  const names = (list?: Named[]) => (list ?? []).map((x) => x.name);

  expect(names(el.attributes)).toEqual(expect.arrayContaining(['account', 'app-key', 'csds', 'skill', 'open', 'lang', 'relay', 'persist', 'consent', 'js-method-name']));
  const publicMembers = (el.members ?? []).filter((m) => (m.privacy ?? 'public') === 'public' && !m.static);
  expect(publicMembers.filter((m) => m.kind === 'method').map((m) => m.name)).toEqual(expect.arrayContaining(['open', 'close', 'endChat']));
  expect(publicMembers.filter((m) => m.kind === 'field').map((m) => m.name)).toEqual(expect.arrayContaining(['isOpen', 'status', 'api', 'timing', 'engagementAttributes']));
  expect(names(el.events).sort()).toEqual(['lp-close', 'lp-error', 'lp-funnel', 'lp-message', 'lp-open', 'lp-send', 'lp-status-change']);
  expect(names(el.cssParts)).toEqual(expect.arrayContaining(['launcher', 'window', 'header', 'log', 'message', 'bubble', 'composer', 'input', 'send-button', 'survey', 'error']));
  // Every public token, with the default the element really has.
  const tokens = tokensOf(hostStyles.cssText);
  expect((el.cssProperties ?? []).map((p) => [p.name, p.default])).toEqual(tokens.map((t) => [t.name, t.light]));

  // The package points tools at it.
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { customElements: string; files: string[] };
  expect(pkg.customElements).toBe('custom-elements.json');
  expect(pkg.files).toContain('custom-elements.json');
});
