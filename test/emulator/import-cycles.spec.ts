import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from './fixtures.js';

// The emulator's modules form layers (errors/wire at the bottom, routes and the server on top): no
// module may reach itself again through its imports, type-only imports included, so a change at the
// bottom never needs one at the top to compile, and the layering stays readable.

const ROOT = resolve('emulator');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative module specifiers of every `import … from`, `export … from` and `import('…')` in a file. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  const patterns = [/\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g, /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.add(match[1]);
  return [...found].map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
}

/** Every cycle found by a depth-first search, each as the list of files from and back to its start. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

const name = (file: string): string => relative(ROOT, file);

test('the cycle check finds a cycle when there is one', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a', 'd']],
    ['d', []],
  ]);
  expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  expect(cycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
});

test('emulator modules import each other without cycles (type-only imports included)', () => {
  const files = sources(ROOT);
  expect(files.length).toBeGreaterThan(10);
  const graph = new Map(files.map((file) => [file, relativeImports(file)]));
  for (const [file, imports] of graph) {
    for (const target of imports) expect(graph.has(target), `${name(file)} imports a missing ${name(target)}`).toBe(true);
  }
  // The import parsing sees the obvious edges.
  expect(graph.get(join(ROOT, 'server.ts'))).toContain(join(ROOT, 'dispatch.ts'));
  expect(graph.get(join(ROOT, 'http.ts'))).toContain(join(ROOT, 'state.ts'));
  expect(cycles(graph).map((cycle) => cycle.map(name).join(' → '))).toEqual([]);
});

test('agent assignment is not named like HTTP routing', () => {
  const files = sources(ROOT).map(name);
  expect(files).toContain('agent-assignment.ts');
  expect(files).not.toContain('routing.ts');
});
