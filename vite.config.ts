import { RolldownMagicString } from 'rolldown';
import { defineConfig, type Plugin } from 'vite';

// Two library builds from one entry (src/index.ts):
// - default mode: an ES module build for npm users, dependencies left as imports, one file per module
//   (dist/esm/...), so bundlers tree-shake and dedupe lit/xstate/ky/dompurify with the host app;
// - `--mode bundle`: one self-contained, minified IIFE (dist/lp-chat-window.js) for a plain <script> tag.
// The dev server (`npm run dev`, `npm start`) serves index.html, which loads the demo.
const dependencies = ['lit', '@lit/reactive-element', 'xstate', 'ky', 'dompurify'];

type AstNode = { type: string; start: number; end: number; [key: string]: unknown };
type Quasi = AstNode & { value: { raw: string } };

/** CSS text without comments and without the spaces a parser does not need. */
const minifyCss = (s: string) =>
  s
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/('[^']*'|"[^"]*")|\s+/g, (_, str: string | undefined) => str ?? ' ')
    .replace(/('[^']*'|"[^"]*")|\s*([{};,>])\s*|(:)\s/g, (_, str, p, colon) => str ?? p ?? colon)
    .replace(/;}/g, '}')
    .trim();

/**
 * The static text of an html`` template: whitespace runs become one space, and a run with a line
 * break between two tags goes away. Bound values and expressions are not touched.
 */
const minifyHtml = (s: string) => s.replace(/>\s*\n\s*</g, '><').replace(/\s+/g, ' ');

/**
 * Minifies the static text of Lit's css`` and html`` templates in the window's own modules, which
 * the JS minifier keeps as written. Builds only: the dev server and the tests run the sources as
 * they are. Left alone: templates with <pre> or a <textarea> with content (whitespace is content
 * there), with a backslash (escapes), and css`` with expressions.
 */
function minifyTemplates(): Plugin {
  return {
    name: 'lp-minify-templates',
    apply: 'build',
    transform: {
      filter: { id: /^(?!.*node_modules).*\/(components|styles)\/[^?]+\.ts$/ },
      handler(code) {
        const out = new RolldownMagicString(code);
        const visit = (node: unknown): void => {
          if (!node || typeof node !== 'object') return;
          if (Array.isArray(node)) return node.forEach(visit);
          const n = node as AstNode;
          const tag = n.type === 'TaggedTemplateExpression' && (n.tag as { name?: string }).name;
          if (tag === 'css' || tag === 'html') {
            const quasis = (n.quasi as { quasis: Quasi[] }).quasis;
            const statics = quasis.map((q) => q.value.raw).join('\0');
            const skip = /<pre\b|<textarea\b[^>]*>(?!<\/textarea>)|\\/.test(statics) || (tag === 'css' && quasis.length > 1);
            for (const q of skip ? [] : quasis) {
              if (code.slice(q.start, q.end) !== q.value.raw) throw new Error(`unexpected template position ${q.start}`);
              const text = (tag === 'css' ? minifyCss : minifyHtml)(q.value.raw);
              if (text !== q.value.raw) out.overwrite(q.start, q.end, text);
            }
          }
          for (const key in n) if (key !== 'type') visit(n[key]);
        };
        visit(this.parse(code));
        return out.hasChanged() ? { code: out.toString(), map: JSON.parse(out.generateMap({ hires: true }).toString()) } : null;
      },
    },
  };
}

export default defineConfig(({ mode }) => ({
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  plugins: [minifyTemplates()],
  build:
    mode === 'bundle'
      ? {
          target: 'es2022',
          outDir: 'dist',
          emptyOutDir: false,
          sourcemap: true,
          minify: true,
          rolldownOptions: { output: { generatedCode: { symbols: false } } },
          lib: {
            entry: 'src/index.ts',
            name: 'LpChatWindow',
            formats: ['iife'],
            fileName: () => 'lp-chat-window.js',
          },
        }
      : {
          target: 'es2022',
          outDir: 'dist/esm',
          emptyOutDir: true,
          sourcemap: true,
          minify: false,
          lib: { entry: 'src/index.ts', formats: ['es'] },
          rollupOptions: {
            external: (id) => dependencies.some((d) => id === d || id.startsWith(`${d}/`)),
            output: { preserveModules: true, preserveModulesRoot: '.', entryFileNames: '[name].js' },
          },
        },
}));
