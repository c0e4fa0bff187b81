import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { generate, type Declaration, type Manifest } from '../../scripts/api-tables.js';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

/** A manifest holding one <lp-chat-window> declared as `element`. */
const manifestOf = (element: Omit<Declaration, 'tagName' | 'customElement'>): Manifest => ({
  modules: [{ declarations: [{ tagName: 'lp-chat-window', customElement: true, ...element }] }],
});

test('the README’s API tables are what custom-elements.json (the element’s JSDoc) generates', () => {
  expect(existsSync(new URL('custom-elements.json', root)), 'npm run build writes custom-elements.json').toBe(true);
  const readme = read('README.md');
  const out = generate(readme, JSON.parse(read('custom-elements.json')) as Manifest);
  expect(out.problems).toEqual([]);
  expect(readme, 'run npm run build, then npm run api-tables').toBe(out.readme);
});

test('the generator escapes |, marks a required attribute and a property-only member, and reads an event’s columns', () => {
  const manifest = manifestOf({
    attributes: [
      { name: 'account', fieldName: 'account', required: true, description: 'Account id.' },
      { name: 'mode', fieldName: 'mode', default: "'a'", description: '`a` |\n`b`.' },
    ],
    members: [
      { kind: 'field', name: 'account', attribute: 'account', required: true, description: 'Account id.' },
      { kind: 'field', name: 'mode', attribute: 'mode', default: "'a'", description: '`a` |\n`b`.' },
      { kind: 'field', name: 'api', description: 'An API.' },
      { kind: 'field', name: '#secret', privacy: 'private' },
      { kind: 'method', name: 'open', description: 'Opens.' },
      { kind: 'method', name: 'render', privacy: 'protected', description: 'Draws.' },
    ],
    events: [
      { name: 'x-close', description: 'It closes. Cancelable: it stays open. Detail: `{ source: \'a\' | \'b\' }`' },
      { name: 'x-open', description: 'It opened. Detail: `{}`' },
    ],
    cssParts: [{ name: 'button', description: 'The button.' }],
  });
  const blocks = ['attributes', 'methods', 'events', 'parts'].map((b) => `<!-- api:${b}:start -->\nold\n<!-- api:${b}:end -->`);
  const out = generate(`Intro.\n\n${blocks.join('\n\nBetween.\n\n')}\n`, manifest);
  expect(out.problems).toEqual([]);
  expect(out.readme).toBe(`Intro.

<!-- api:attributes:start -->
| attribute | property | default | meaning |
| --- | --- | --- | --- |
| \`account\` | \`account\` | — (required) | Account id. |
| \`mode\` | \`mode\` | \`a\` | \`a\` \\| \`b\`. |
| — | \`api\` | — | An API. |
<!-- api:attributes:end -->

Between.

<!-- api:methods:start -->
| method | meaning |
| --- | --- |
| \`open()\` | Opens. |
<!-- api:methods:end -->

Between.

<!-- api:events:start -->
| event | when | cancelable | \`detail\` |
| --- | --- | --- | --- |
| \`x-close\` | It closes | yes: it stays open | \`{ source: 'a' \\| 'b' }\` |
| \`x-open\` | It opened | no | \`{}\` |
<!-- api:events:end -->

Between.

<!-- api:parts:start -->
| part | what |
| --- | --- |
| \`button\` | The button. |
<!-- api:parts:end -->
`);
});

test('the generator names what it cannot fill: a missing block, an event without its detail, a member without words', () => {
  const manifest = manifestOf({
    members: [{ kind: 'field', name: 'api' }],
    events: [{ name: 'x-open', description: 'It opened.' }],
  });
  const out = generate('<!-- api:attributes:start -->\n<!-- api:attributes:end -->\n', manifest);
  expect(out.problems).toEqual([
    'property api has no description in its JSDoc',
    'event x-open: write its @event as "When. [Cancelable: ….] Detail: …"',
    'README.md has no <!-- api:methods:start --> … <!-- api:methods:end --> block',
    'README.md has no <!-- api:events:start --> … <!-- api:events:end --> block',
    'README.md has no <!-- api:parts:start --> … <!-- api:parts:end --> block',
  ]);
});
