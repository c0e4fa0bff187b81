import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { generate, partsAndStates } from '../../scripts/tokens.js';
import { tokensOf } from '../../styles/token-list.js';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

test('styles/tokens.css and the README token table are what the element’s own defaults generate', () => {
  const readme = read('README.md');
  const out = generate(readme);
  expect(out.problems).toEqual([]);
  expect(read('styles/tokens.css'), 'run npm run tokens').toBe(out.css);
  expect(readme, 'run npm run tokens').toBe(out.readme);
});

test('the generator reads light and dark defaults, and a default that names another token', () => {
  const css = `:host{--_a:var(--lp-a,#fff);--_b:var(--lp-b,var(--_a));--_c:var(--lp-c,0 1px rgb(0 0 0 / 0.2));}
    @media (prefers-color-scheme: dark){:host{--_a:var(--lp-a,#000);color-scheme:dark}}`;
  expect(tokensOf(css)).toEqual([
    { name: '--lp-a', light: '#fff', dark: '#000' },
    { name: '--lp-b', light: 'var(--lp-a)' },
    { name: '--lp-c', light: '0 1px rgb(0 0 0 / 0.2)' },
  ]);
});

test("the header's parts and states are the element's: its @csspart JSDoc with the variants a part names, and every status", () => {
  const element = `/**
 * @csspart launcher - The button.
 * @csspart message - A line; also \`message--agent\`, \`message--visitor\`, and see \`bubble\`.
 */`;
  const types = `export type ChatStatus =\n  | 'loading' // first\n  | 'error'; // last\nexport type Other = 'x';`;
  expect(partsAndStates(element, types)).toEqual({ parts: ['launcher', 'message', 'message--agent', 'message--visitor'], states: ['loading', 'error'] });
});
