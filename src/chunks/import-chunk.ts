/**
 * What the script-tag build's chunk files start with, beside the element's module
 * (`./lp-chat-window-`; see vite.config.ts); undefined in other builds.
 */
declare const __LP_CHUNKS__: string | undefined;

/**
 * Imports one of the window's chunks with `load`, its literal dynamic import (which the bundler
 * follows). A browser keeps a module's failed load for good, so a retry (`attempt` above 0) asks
 * for the chunk under a new URL: in the script-tag build, where every chunk is a file named after
 * it (`name`) beside this one. Elsewhere the bundler's loader decides.
 */
export const importChunk = <T>(load: () => Promise<T>, name: string, attempt: number): Promise<T> =>
  attempt && typeof __LP_CHUNKS__ === 'string'
    ? (import(/* @vite-ignore */ new URL(`${__LP_CHUNKS__}${name}.js?retry=${attempt}`, import.meta.url).href) as Promise<T>)
    : load();
