// Writes the README's API tables (attributes and properties, methods, events, parts) from
// custom-elements.json, which `npm run build` makes of the JSDoc of
// components/chat-window/chat-window.ts: that JSDoc is the one place these texts are written.
// `--check` writes nothing and fails when README.md is not what it would write.
//   npm run build && npm run api-tables [-- --check]
//
// What the JSDoc says, and how it shows:
// - A default is code, a string without its quotes; none, `''` or `undefined` is "—". `@default x`
//   wins over the initializer and `@required` shows "— (required)" (custom-elements-manifest.config.mjs
//   carries both into the manifest).
// - A public field with no attribute is a property-only row (attribute "—").
// - An `@event` reads "When. [Cancelable: what `preventDefault()` does.] Detail: the detail", which
//   fills the when, cancelable ("yes: …" or "no") and detail columns.
// Markdown in the texts is kept (links, code); line breaks become spaces and `|` is escaped.
import { readFileSync, writeFileSync } from 'node:fs';
import { withBlock } from './readme-block.js';

interface Described {
  name: string;
  description?: string;
}
interface Documented extends Described {
  default?: string;
  required?: boolean;
}
interface Member extends Documented {
  kind: string;
  privacy?: string;
  static?: boolean;
  attribute?: string;
  parameters?: { name: string }[];
}
export interface Declaration {
  tagName?: string;
  customElement?: boolean;
  attributes?: (Documented & { fieldName?: string })[];
  members?: Member[];
  events?: Described[];
  cssParts?: Described[];
}
export interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

const TAG = 'lp-chat-window';

/** A Markdown table cell: one line, `|` escaped. */
const cell = (text = '') => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
const code = (text: string) => `\`${text}\``;
const table = (head: string[], rows: string[][]) =>
  [head, head.map(() => '---'), ...rows].map((r) => `| ${r.map((c) => cell(c)).join(' | ')} |`).join('\n');

function shownDefault({ default: value, required }: Documented): string {
  if (required) return '— (required)';
  const v = value?.trim();
  if (!v || v === "''" || v === '""' || v === 'undefined') return '—';
  const literal = /^(['"`])(.*)\1$/s.exec(v);
  return code(literal ? literal[2]! : v);
}

const isPublic = (m: Member) => !m.static && !m.name.startsWith('#') && (m.privacy ?? 'public') === 'public';

/** The four tables, by block name, with what keeps them from being complete. */
export function tables(el: Declaration): { blocks: Record<string, string>; problems: string[] } {
  const problems: string[] = [];
  const described = <T extends Described>(what: string, x: T): T => {
    if (!x.description?.trim()) problems.push(`${what} ${x.name} has no description in its JSDoc`);
    return x;
  };
  const members = (el.members ?? []).filter(isPublic);
  const fields = members.filter((m) => m.kind === 'field');

  const attributes = table(
    ['attribute', 'property', 'default', 'meaning'],
    [
      ...(el.attributes ?? []).map((a) => {
        const m = described('attribute', fields.find((f) => f.name === a.fieldName) ?? a);
        return [code(a.name), a.fieldName ? code(a.fieldName) : '—', shownDefault(m), m.description ?? ''];
      }),
      ...fields
        .filter((f) => !f.attribute)
        .map((f) => ['—', code(f.name), shownDefault(f), described('property', f).description ?? '']),
    ],
  );

  const methods = table(
    ['method', 'meaning'],
    members
      .filter((m) => m.kind === 'method')
      .map((m) => [code(`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`), described('method', m).description ?? '']),
  );

  const events = table(
    ['event', 'when', 'cancelable', '`detail`'],
    (el.events ?? []).map((e) => {
      const parts = /^(.*?)\s*(?:Cancelable:\s*(.*?)\s*)?Detail:\s*(.*)$/s.exec(e.description ?? '');
      if (!parts) problems.push(`event ${e.name}: write its @event as "When. [Cancelable: ….] Detail: …"`);
      const [when = '', cancelable, detail = ''] = (parts?.slice(1) ?? []).map((s) => s?.trim().replace(/\.$/, ''));
      return [code(e.name), when, cancelable ? `yes: ${cancelable}` : 'no', detail];
    }),
  );

  const parts = table(
    ['part', 'what'],
    (el.cssParts ?? []).map((p) => [code(p.name), described('part', p).description ?? '']),
  );

  return { blocks: { attributes, methods, events, parts }, problems };
}

/** README.md as it should be, with what is wrong. */
export function generate(readme: string, manifest: Manifest): { readme: string; problems: string[] } {
  const el = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.customElement && d.tagName === TAG);
  if (!el) return { readme, problems: [`custom-elements.json has no <${TAG}>`] };
  const { blocks, problems } = tables(el);
  let out = readme;
  for (const [name, body] of Object.entries(blocks)) out = withBlock(out, `api:${name}`, body, problems);
  return { readme: out, problems };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\//, ''))) {
  const check = process.argv.includes('--check');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as Manifest;
  } catch {
    console.error('custom-elements.json cannot be read: run npm run build first');
    process.exit(1);
  }
  const readme = readFileSync('README.md', 'utf8');
  const out = generate(readme, manifest);
  if (out.problems.length) {
    console.error(out.problems.join('\n'));
    process.exit(1);
  }
  const stale = out.readme !== readme;
  if (check) {
    if (stale) console.error('README.md is out of date: run npm run api-tables');
    process.exit(stale ? 1 : 0);
  }
  if (stale) writeFileSync('README.md', out.readme);
  console.log(stale ? 'wrote README.md' : 'up to date');
}
