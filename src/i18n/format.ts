/**
 * Times, dates and durations in the window's language, with the browser's `Intl`: plural forms,
 * digits and word order come with it.
 */

/** One formatter per language and kind: making one costs far more than using it (a transcript shows thousands of times). */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(time: Date | number, lang: string, options: Intl.DateTimeFormatOptions): string {
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
  return f.format(time);
}

/** The hour and minute of `time` in the language `lang` (`10:42`, `10:42 AM`). */
export const formatTime = (time: Date | number, lang: string): string => format(time, lang, { hour: 'numeric', minute: '2-digit' });

/** The date of `time` in the language `lang` (`12 Mar 2026`, `Mar 12, 2026`). */
export const formatDate = (time: Date | number, lang: string): string => format(time, lang, { dateStyle: 'medium' });

/** A number of minutes in words ("5 minutes", "5 Minuten", "دقيقتان"). */
export const formatMinutes = (minutes: number, lang: string): string =>
  new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
