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

export default {
  globs: ['components/chat-window/chat-window.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'lp-chat-window',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (!declaration.customElement) continue;
            declaration.cssProperties = tokens();
            // Events are documented with @event; a dispatch the analyzer cannot name adds nothing.
            declaration.events = (declaration.events ?? []).filter((event) => event.name);
          }
        }
      },
    },
  ],
};
