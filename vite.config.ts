import { existsSync, readdirSync, rmSync } from 'node:fs';
import { RolldownMagicString } from 'rolldown';
import { defineConfig, type Plugin } from 'vite';

// Two library builds from one entry (src/index.ts):
// - default mode: an ES module build for npm users, dependencies left as imports, one file per module
//   (dist/esm/...), so bundlers tree-shake and dedupe lit/xstate/ky/dompurify with the host app;
// - `--mode bundle`: the script-tag build, self-contained and minified: dist/lp-chat-window.js, a small
//   ES module that paints the launcher, and the conversation chunk it loads on the visitor's intent
//   (dist/lp-chat-window-*.js, next to it). Pages load it with <script type="module">.
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

/** Removes the script-tag files of an earlier build (their names change with their content). */
function cleanScriptTagBuild(): Plugin {
  return {
    name: 'lp-clean-script-tag-build',
    apply: (_, { mode }) => mode === 'bundle',
    buildStart() {
      if (!existsSync('dist')) return;
      for (const f of readdirSync('dist')) if (/^lp-chat-window.*\.js(\.map)?$/.test(f)) rmSync(`dist/${f}`);
    },
  };
}

export default defineConfig(({ mode }) => ({
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  // The dev server's pages (the bench and example pages load built files and are not served here).
  optimizeDeps: { entries: ['index.html', 'demo/*.html'] },
  // Where the script-tag build's chunks are, next to the element's module, and how their names
  // start (a retry after a failed load asks for one under a new URL; see src/chunks).
  define: mode === 'bundle' ? { __LP_CHUNKS__: JSON.stringify('./lp-chat-window-') } : {},
  plugins: [minifyTemplates(), cleanScriptTagBuild()],
  build:
    mode === 'bundle'
      ? {
          target: 'es2022',
          outDir: 'dist',
          // dist/esm is the other build's: only this build's own files are replaced.
          emptyOutDir: false,
          sourcemap: true,
          minify: true,
          rolldownOptions: {
            output: {
              generatedCode: { symbols: false },
              // Lib mode leaves ES output unminified unless told.
              minify: true,
              // The conversation, loaded on intent; and what it shares with the first stage (Lit).
              // Fixed names, without a hash: a chunk is loaded again under its own URL after a failure
              // (a browser keeps a module's failed load for good; see src/chunks). Chunks other than
              // the conversation and the sanitiser (capabilities loaded when a chat needs them, the
              // languages) are named after their module.
              // (The bundler's runtime helpers may get a chunk name of their own, merged away later:
              // it must not take "shared".)
              chunkFileNames: (chunk) =>
                `lp-chat-window-${
                  chunk.name === 'rolldown-runtime'
                    ? 'runtime'
                    : !chunk.isDynamicEntry
                      ? 'shared'
                      : chunk.name === 'chat-window-dialog'
                        ? 'conversation'
                        : chunk.name === 'sanitize-html'
                          ? 'sanitizer'
                          : chunk.name
                }.js`,
            },
          },
          lib: {
            entry: 'src/index.ts',
            formats: ['es'],
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
