import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  // <lp-chat-window> is a custom element: Vue leaves it to the browser and sets its props as properties.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('lp-') } } })],
  build: { outDir: '../dist/vue', emptyOutDir: true, target: 'es2022' },
});
