import { defineConfig } from 'vite';

// Two library builds from one entry (src/index.ts):
// - default mode: an ES module build for npm users, dependencies left as imports, one file per module
//   (dist/esm/...), so bundlers tree-shake and dedupe lit/xstate/ky/dompurify with the host app;
// - `--mode bundle`: one self-contained, minified IIFE (dist/lp-chat-window.js) for a plain <script> tag.
// The dev server (`npm run dev`, `npm start`) serves index.html, which loads the demo.
const dependencies = ['lit', '@lit/reactive-element', 'xstate', 'ky', 'dompurify'];

export default defineConfig(({ mode }) => ({
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  build:
    mode === 'bundle'
      ? {
          target: 'es2022',
          outDir: 'dist',
          emptyOutDir: false,
          sourcemap: true,
          minify: true,
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
