/** Which Chromium the tests drive (see browser-path.mjs). */
export function browserPath(): string | undefined;
