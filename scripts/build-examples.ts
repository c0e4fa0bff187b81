// Builds the example apps (examples/react, examples/vue, examples/angular) into examples/dist/<name>/,
// each against the package as an npm user gets it: `import 'lp-chat-window'` resolves through
// package.json exports to dist/esm (and its types to dist/types), built first when older than the
// sources. Builds only what is stale. `npm run examples [-- react vue]`; e2e/examples.spec.ts calls
// buildExamples() before it drives the apps.
import { execSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const EXAMPLES = ['react', 'vue', 'angular'] as const;
export type Example = (typeof EXAMPLES)[number];

const root = fileURLToPath(new URL('..', import.meta.url));

/** Modification time of `path` (0 when it is missing). */
function mtime(path: string): number {
  try {
    return statSync(join(root, path)).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest modification time of the files under `dir` (built output excluded). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : mtime(path));
  }
  return latest;
}

/** The package's npm build (dist/esm) and its types (dist/types), when older than the sources. */
function buildPackage(): void {
  const sources = Math.max(...['src', 'components', 'styles'].map(newest), mtime('vite.config.ts'), mtime('tsconfig.build.json'));
  if (Math.min(mtime('dist/esm/src/index.js'), mtime('dist/types/src/index.d.ts')) >= sources) return;
  console.log('Building dist/esm and dist/types for the example apps');
  execSync('npx vite build --logLevel warn && npx tsc -p tsconfig.build.json', { cwd: root, stdio: 'inherit' });
}

/** Builds the named example apps that are missing or older than their sources or the package. */
export async function buildExamples(names: readonly Example[] = EXAMPLES): Promise<void> {
  buildPackage();
  const shared = Math.max(mtime('dist/esm/src/index.js'), mtime('examples/tsconfig.json'), mtime('package-lock.json'));
  for (const name of names) {
    if (mtime(`examples/dist/${name}/index.html`) >= Math.max(shared, newest(`examples/${name}`))) continue;
    const started = performance.now();
    await build({ configFile: join(root, `examples/${name}/vite.config.ts`) });
    console.log(`Built examples/dist/${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(EXAMPLES as readonly string[]).includes(name));
  if (unknown.length) {
    console.error(`No example named ${unknown.join(', ')} (there are: ${EXAMPLES.join(', ')})`);
    process.exit(1);
  }
  await buildExamples(asked.length ? (asked as Example[]) : EXAMPLES);
}
