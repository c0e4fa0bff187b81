/**
 * Imports one of the window's chunks with `load`, its literal dynamic import (which the bundler
 * follows). A browser keeps a module's failed load for good, so a retry (`attempt` above 0) asks
 * for the chunk's `file` under a new URL: in the script-tag build, where a define names the file
 * (every file of that build sits beside this one). Elsewhere `file` is undefined and the bundler's
 * loader decides.
 */
export const importChunk = <T>(load: () => Promise<T>, file: string | undefined, attempt: number): Promise<T> =>
  attempt && file ? (import(/* @vite-ignore */ new URL(`${file}?retry=${attempt}`, import.meta.url).href) as Promise<T>) : load();
