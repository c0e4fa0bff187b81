// Writes styles/tokens.css and the README's token table from the element's own styles, the one
// place the defaults are written (styles/host.styles.ts: `--_x: var(--lp-x, default)` on :host,
// light, then dark under prefers-color-scheme). `--check` writes nothing and fails when either file
// is not what it would write, so the documented defaults cannot drift from the real ones.
//   npm run tokens [-- --check]
import { readFileSync, writeFileSync } from 'node:fs';
import { withBlock } from './readme-block.js';
import { hostStyles } from '../styles/host.styles.js';
import { tokensOf, type Token } from '../styles/token-list.js';

/** What each token is for, by group, in the order the docs list them. */
const DOCS: Record<string, Record<string, string>> = {
  Colours: {
    '--lp-color-primary': 'launcher, header, visitor bubbles, buttons, focus ring',
    '--lp-color-on-primary': 'text and icons on the primary colour',
    '--lp-color-surface': 'window background',
    '--lp-color-surface-alt': 'agent bubbles, notices',
    '--lp-color-text': 'text',
    '--lp-color-text-muted': 'names, system lines, typing indicator',
    '--lp-color-border': 'form fields',
    '--lp-color-danger': 'errors, unread badge, required marker',
  },
  Type: {
    '--lp-font-family': 'every text of the window',
    '--lp-font-size-s': 'notes, names, times',
    '--lp-font-size-m': 'lines and fields',
    '--lp-font-size-l': 'the title',
  },
  'Shape, space, depth': {
    '--lp-radius-s': 'buttons, fields',
    '--lp-radius-m': 'bubbles, message box',
    '--lp-radius-l': 'window',
    '--lp-space-m': 'padding of the conversation and gaps',
    '--lp-shadow-l': 'launcher and window',
    '--lp-z-index': 'launcher and window, above the page',
  },
  'Chat window': {
    '--lp-chat-width': 'window width (the screen at 480 px and below)',
    '--lp-chat-height': 'window height',
    '--lp-chat-offset': 'distance from the viewport edges',
    '--lp-chat-launcher-size': 'launcher diameter',
    '--lp-chat-header-background': 'title bar',
    '--lp-chat-header-color': 'title bar text',
    '--lp-chat-bubble-agent-background': 'agent and system bubbles',
    '--lp-chat-bubble-agent-color': 'their text',
    '--lp-chat-bubble-visitor-background': 'the visitor’s bubbles',
    '--lp-chat-bubble-visitor-color': 'their text',
    '--lp-chat-avatar-background': 'the agent’s avatar (initials)',
    '--lp-chat-avatar-color': 'its initials',
  },
};

/** Words joined by `, `, as comment lines of at most 100 characters (` * ` first). */
const commentLines = (text: string) =>
  text
    .split(' ')
    .reduce<string[]>((lines, word) => {
      const last = lines.at(-1)!;
      if (`${last} ${word}`.length > 100) lines.push(` * ${word}`);
      else lines[lines.length - 1] = `${last} ${word}`;
      return lines;
    }, [' *'])
    .join('\n');

/**
 * The element's parts (its `@csspart` JSDoc, with the variants a part names: `message--agent`) and
 * its states (the `ChatStatus` values), from the sources the README's tables come from too.
 */
export function partsAndStates(element: string, types: string): { parts: string[]; states: string[] } {
  const parts = [...element.matchAll(/@csspart ([\w-]+) - (.*)/g)].flatMap(([, name, note]) => [
    name!,
    ...[...note!.matchAll(/`([\w-]+)`/g)].map((m) => m[1]!).filter((variant) => variant.startsWith(`${name}--`)),
  ]);
  const union = /export type ChatStatus =([^;]*);/.exec(types)?.[1] ?? '';
  return { parts, states: [...union.matchAll(/\| '([\w-]+)'/g)].map((m) => m[1]!) };
}

const header = ({ parts, states }: { parts: string[]; states: string[] }) => `/*
 * Public design tokens of <lp-chat-window>, with their defaults (generated from the element's own
 * styles by scripts/tokens.ts: do not edit by hand).
 *
 * Optional: the element carries the same defaults as fallbacks, so it looks right without this
 * file. Copy what you need and set it on :root, on a wrapper, or on lp-chat-window itself.
 * Colours have a light and a dark default (prefers-color-scheme); a value you set wins in both.
${commentLines(`For one element, style its parts with ::part() (${parts.join(', ')}) and its status with :state() (${states.join(', ')}).`)}
 */
`;

export function tokensCss(tokens: Token[], names: { parts: string[]; states: string[] }): string {
  const byName = new Map(tokens.map((t) => [t.name, t]));
  const groups = Object.entries(DOCS).map(
    ([group, names]) =>
      `  /* ${group} */\n` +
      Object.entries(names)
        .map(([name, note]) => `  ${name}: ${byName.get(name)!.light}; /* ${note} */`)
        .join('\n'),
  );
  const dark = tokens.filter((t) => t.dark).map((t) => `    ${t.name}: ${t.dark};`);
  return `${header(names)}lp-chat-window {\n${groups.join('\n\n')}\n}\n\n@media (prefers-color-scheme: dark) {\n  lp-chat-window {\n${dark.join('\n')}\n  }\n}\n`;
}

export function tokensTable(tokens: Token[]): string {
  const byName = new Map(tokens.map((t) => [t.name, t]));
  const rows = Object.values(DOCS).flatMap((names) =>
    Object.entries(names).map(([name, note]) => {
      const { light, dark } = byName.get(name)!;
      return `| \`${name}\` | \`${light}\` | ${dark ? `\`${dark}\`` : 'same'} | ${note} |`;
    }),
  );
  return ['| Token | Default | Dark default | For |', '|---|---|---|---|', ...rows].join('\n');
}

/** Both files as they should be, with what is wrong with the token list itself. */
export function generate(readme: string): { css: string; readme: string; problems: string[] } {
  const tokens = tokensOf(hostStyles.cssText);
  const names = partsAndStates(readFileSync('components/chat-window/chat-window.ts', 'utf8'), readFileSync('src/machine/chat.types.ts', 'utf8'));
  const documented = Object.values(DOCS).flatMap((names) => Object.keys(names));
  const problems = [
    ...tokens.filter((t) => !documented.includes(t.name)).map((t) => `${t.name} has no entry in scripts/tokens.ts DOCS`),
    ...documented.filter((name) => !tokens.some((t) => t.name === name)).map((name) => `${name} is documented but the element does not read it`),
  ];
  if (!names.parts.length || !names.states.length) problems.push('no parts or no states found for the header of styles/tokens.css');
  return { css: tokensCss(tokens, names), readme: withBlock(readme, 'tokens', tokensTable(tokens), problems), problems };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\//, ''))) {
  const check = process.argv.includes('--check');
  const readme = readFileSync('README.md', 'utf8');
  const out = generate(readme);
  if (out.problems.length) {
    console.error(out.problems.join('\n'));
    process.exit(1);
  }
  const stale = [
    ['styles/tokens.css', readFileSync('styles/tokens.css', 'utf8'), out.css],
    ['README.md', readme, out.readme],
  ].filter(([, now, next]) => now !== next);
  if (check) {
    for (const [file] of stale) console.error(`${file} is out of date: run npm run tokens`);
    process.exit(stale.length ? 1 : 0);
  }
  writeFileSync('styles/tokens.css', out.css);
  writeFileSync('README.md', out.readme);
  console.log(stale.length ? `wrote ${stale.map(([f]) => f).join(', ')}` : 'up to date');
}
