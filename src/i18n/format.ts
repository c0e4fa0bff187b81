/** One formatter per language and kind: making one costs far more than using it. */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(epochMs: number, lang: string, options: Intl.DateTimeFormatOptions): string {
  const key = lang + (options.dateStyle ?? '');
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(lang, options);
    } catch {
      // Not a language tag: the browser's own language.
      f = new Intl.DateTimeFormat(undefined, options);
    }
    formats.set(key, f);
  }
  return f.format(epochMs);
}

/** The hour and minute of `epochMs` in the language `lang` (`10:42`, `10:42 AM`). */
export const formatTime = (epochMs: number, lang: string): string => format(epochMs, lang, { hour: 'numeric', minute: '2-digit' });

/** The date of `epochMs` in the language `lang` (`12 Mar 2026`, `Mar 12, 2026`). */
export const formatDate = (epochMs: number, lang: string): string => format(epochMs, lang, { dateStyle: 'medium' });
