import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// React 19 needs no plugin for a production build: Vite compiles the JSX (React's automatic runtime).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: '../dist/react', emptyOutDir: true, target: 'es2022' },
});
