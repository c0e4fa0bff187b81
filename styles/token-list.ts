/** A public design token and its defaults, as the element's styles declare them. */
export interface Token {
  name: string;
  light: string;
  dark?: string;
}

/**
 * The public tokens in `cssText` (the element's host styles): every `--_x: var(--lp-x, default)` of
 * the light `:host` block, with the dark default where `prefers-color-scheme: dark` changes it. A
 * default naming a private token is given as the public token it reads.
 */
export function tokensOf(cssText: string): Token[] {
  const darkAt = cssText.indexOf('@media (prefers-color-scheme: dark)');
  const declared = (text: string) => {
    const privates = new Map<string, string>();
    const found = new Map<string, string>();
    for (const m of text.matchAll(/(--_[\w-]+):\s*var\((--lp-[\w-]+),\s*((?:[^()]|\([^()]*\))+)\)\s*;/g)) {
      privates.set(m[1]!, m[2]!);
      found.set(m[2]!, m[3]!.trim());
    }
    // A default naming a private token documents the public one it reads.
    for (const [name, value] of found) found.set(name, value.replace(/var\((--_[\w-]+)\)/g, (_, p: string) => `var(${privates.get(p) ?? p})`));
    return found;
  };
  const light = declared(cssText.slice(0, darkAt));
  const dark = declared(cssText.slice(darkAt, cssText.indexOf('}', cssText.indexOf(':host', darkAt))));
  return [...light].map(([name, value]) => ({ name, light: value, ...(dark.has(name) && { dark: dark.get(name) }) }));
}

