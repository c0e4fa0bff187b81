/**
 * `readme` with the generated block `name` (between `<!-- {name}:start -->` and
 * `<!-- {name}:end -->`) holding `body`; unchanged, with the reason in `problems`, when the README
 * has no such block.
 */
export function withBlock(readme: string, name: string, body: string, problems: string[]): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end, from);
  if (from < 0 || to < 0) {
    problems.push(`README.md has no ${start} … ${end} block`);
    return readme;
  }
  return `${readme.slice(0, from)}${start}\n${body}\n${readme.slice(to)}`;
}
