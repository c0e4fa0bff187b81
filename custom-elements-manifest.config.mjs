// `cem analyze` (run by `npm run build`): custom-elements.json, the element's public API from its
// JSDoc (attributes, properties, methods, events, parts) for editors and frameworks. Its CSS custom
// properties are the public tokens, read from styles/tokens.css (itself generated from the
// element's own defaults), so the three lists cannot disagree.
import { readFileSync } from 'node:fs';

/** `--lp-x: default; /* what it is for *\/` of the light block of tokens.css. */
function tokens() {
  const light = readFileSync('styles/tokens.css', 'utf8').split('@media')[0];
  return [...light.matchAll(/^\s*(--lp-[\w-]+):\s*(.+?);(?:\s*\/\*\s*(.+?)\s*\*\/)?\s*$/gm)].map(([, name, value, note]) => ({
    name,
    default: value,
    ...(note && { description: note }),
  }));
}

/**
 * What a member's JSDoc says of its default over what its initializer says: `@default x` wins over
 * `appKey = ''` (the real default is applied elsewhere), `@required` marks a member with none
 * (`required: true`, no `default`). By class, then member name; filled in the analyse phase, applied after.
 */
const said = new Map();

export default {
  globs: ['components/chat-window/chat-window.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'lp-chat-window',
      analyzePhase({ ts, node }) {
        if (!ts.isClassDeclaration(node) || !node.name) return;
        for (const member of node.members) {
          for (const tag of ts.getJSDocTags(member)) {
            const key = `${node.name.text}.${member.name?.getText()}`;
            if (tag.tagName.text === 'default') said.set(key, { ...said.get(key), default: ts.getTextOfJSDocComment(tag.comment) });
            if (tag.tagName.text === 'required') said.set(key, { ...said.get(key), required: true });
          }
        }
      },
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (!declaration.customElement) continue;
            for (const member of declaration.members ?? []) {
              const doc = said.get(`${declaration.name}.${member.name}`);
              if (!doc) continue;
              for (const entry of [member, declaration.attributes?.find((a) => a.fieldName === member.name)]) {
                if (!entry) continue;
                Object.assign(entry, doc);
                if (doc.required) delete entry.default;
              }
            }
            declaration.cssProperties = tokens();
            // Events are documented with @event; a dispatch the analyzer cannot name adds nothing.
            declaration.events = (declaration.events ?? []).filter((event) => event.name);
          }
        }
      },
    },
  ],
};
