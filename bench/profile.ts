/**
 * What the renderer spends its time and heap on while the transcript grows (`npm run bench --
 * --profile`): the functions with the most self time, mapped back to the sources through the
 * build's source maps, and the heap by constructor once the lines are in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import type { CDPSession } from 'playwright';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

const consumers = new Map<string, SourceMapConsumer | null>();

/** `file:line` in the sources for a position in a built file served from `dir`. */
function original(dir: string, url: string, line: number, column: number): string {
  const file = new URL(url).pathname.split('/').pop()!;
  if (!consumers.has(file)) {
    try {
      consumers.set(file, new SourceMapConsumer(JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8')) as RawSourceMap));
    } catch {
      consumers.set(file, null);
    }
  }
  const at = consumers.get(file)?.originalPositionFor({ line: line + 1, column });
  return at?.source ? `${at.source.replace(/^(\.\.\/)+/, '')}:${at.line}${at.name ? ` ${at.name}` : ''}` : `${file}:${line + 1}:${column}`;
}

export async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
}

/** The `top` functions by self time (ms), with where they are in the sources. */
export async function stopProfile(cdp: CDPSession, dist: string, top = 20): Promise<[string, number][]> {
  const { profile } = await cdp.send('Profiler.stop');
  const nodes = new Map((profile.nodes as ProfileNode[]).map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const { callFrame: f } = nodes.get(samples[i]!)!;
    const name = f.url
      ? `${f.functionName || '(anonymous)'} ${/\/dist\//.test(f.url) ? original(dist, f.url, f.lineNumber, f.columnNumber) : f.url.split('/').pop()}`
      : f.functionName;
    self.set(name, (self.get(name) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  self.delete('(idle)');
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
}

/** The heap's self size by constructor (bytes), largest first. */
export async function heapByConstructor(cdp: CDPSession, top = 15): Promise<[string, number, number][]> {
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const by = new Map<string, [number, number]>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt!]!]!;
    const name = type === 'object' || type === 'closure' ? snapshot.strings[snapshot.nodes[i + nameAt!]!]! : `(${type})`;
    const entry = by.get(name) ?? [0, 0];
    entry[0] += snapshot.nodes[i + sizeAt!]!;
    entry[1]++;
    by.set(name, entry);
  }
  return [...by].map(([name, [size, count]]) => [name, size, count] as [string, number, number]).sort((a, b) => b[1] - a[1]).slice(0, top);
}
