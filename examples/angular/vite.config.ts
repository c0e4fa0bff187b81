import { fileURLToPath } from 'node:url';
import { transformAsync } from '@babel/core';
import { type Plugin, defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Angular ahead of time, without the Angular CLI: the Angular compiler builds the app once per
 * build (templates type-checked), Vite bundles what it emitted, and Angular's linker finishes the
 * framework's own partially compiled packages (as the CLI does), so no compiler ships to the browser.
 */
function angular(): Plugin {
  const emitted = new Map<string, string>();
  return {
    name: 'angular-aot',
    apply: 'build',
    async buildStart() {
      const ng = await import('@angular/compiler-cli');
      const config = ng.readConfiguration(`${root}tsconfig.json`);
      const host = ng.createCompilerHost({ options: config.options });
      host.writeFile = (fileName, data, _bom, _onError, sources) => {
        if (fileName.endsWith('.js') && sources?.[0]) emitted.set(sources[0].fileName, data);
      };
      const { diagnostics } = ng.performCompilation({ rootNames: config.rootNames, options: { ...config.options, sourceMap: false }, host, emitFlags: config.emitFlags });
      const errors = diagnostics.filter((d) => d.category === 1);
      if (errors.length) this.error(ng.formatDiagnostics(errors));
    },
    load(id) {
      return emitted.get(id);
    },
    transform: {
      filter: { id: /[\\/]node_modules[\\/]@angular[\\/].+\.mjs$/, code: 'ɵɵngDeclare' },
      async handler(code, id) {
        const { default: linker } = await import('@angular/compiler-cli/linker/babel');
        const result = await transformAsync(code, { filename: id, configFile: false, babelrc: false, compact: false, sourceMaps: false, plugins: [linker] });
        return result?.code ?? null;
      },
    },
  };
}

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  plugins: [angular()],
  // What the Angular CLI sets for production: development checks and the JIT compiler paths drop out.
  define: { ngDevMode: 'false', ngJitMode: 'false', ngI18nClosureMode: 'false' },
  build: {
    outDir: '../dist/angular',
    emptyOutDir: true,
    target: 'es2022',
    // The compiler takes most of the build, as it should: no report of the plugin's time.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
