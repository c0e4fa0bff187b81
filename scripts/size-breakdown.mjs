// `npm run size`: where the bytes of the script-tag build go. Every character of each dist file is
// charged to the source its source map names, grouped by dependency (node_modules/<name>) or by our
// own folder (src/machine, components/chat-log, ...); each group's code is gzipped on its own, so the
// figures show proportions (they add up to more than the file, which compresses as a whole).
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Decodes one source-map `mappings` line into [generatedColumn, sourceIndex] pairs. */
function decodeLine(line, state) {
  const out = [];
  for (const segment of line.split(',')) {
    if (!segment) continue;
    const values = [];
    let value = 0;
    let shift = 0;
    for (const ch of segment) {
      const digit = B64.indexOf(ch);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    state.column = values.length ? state.column + values[0] : state.column;
    if (values.length > 1) state.source += values[1];
    out.push([state.column, values.length > 1 ? state.source : -1]);
  }
  return out;
}

/** The group a source path belongs to. */
function groupOf(path) {
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (dep) return dep[1];
  const own = /(?:^|\/)((?:src|components|styles)\/[^/]+)/.exec(path.replace(/^(\.\.\/)+/, ''));
  return own ? own[1].replace(/\.ts$/, '') : path;
}

const files = readdirSync('dist').filter((f) => /^lp-chat-window.*\.js$/.test(f));
for (const file of files) {
  const code = readFileSync(`dist/${file}`, 'utf8');
  const map = JSON.parse(readFileSync(`dist/${file}.map`, 'utf8'));
  const groups = new Map();
  const lines = code.split('\n');
  const state = { column: 0, source: 0 };
  map.mappings.split(';').forEach((mapped, i) => {
    state.column = 0;
    const text = lines[i] ?? '';
    const segments = decodeLine(mapped, state);
    segments.forEach(([column, source], j) => {
      const end = j + 1 < segments.length ? segments[j + 1][0] : text.length;
      const group = source < 0 ? "(bundler)" : process.argv.includes("--files") ? map.sources[source].replace(/^(\.\.\/)+/, "") : groupOf(map.sources[source]);
      groups.set(group, (groups.get(group) ?? '') + text.slice(column, end));
    });
  });
  const total = gzipSync(code, { level: 9 }).length;
  console.log(`\ndist/${file}: ${code.length} B, ${total} B gzip -9`);
  const rows = [...groups].map(([g, c]) => [g, c.length, gzipSync(c, { level: 9 }).length]).sort((a, b) => b[2] - a[2]);
  for (const [g, raw, gz] of rows) console.log(`  ${String(gz).padStart(6)} B gzip  ${String(raw).padStart(7)} B  ${g}`);
}
