/**
 * Times, dates and durations in the window's language, with the browser's `Intl`: plural forms,
 * digits and word order come with it.
 */

/** Time-of-day formats by language, made once (a transcript may show thousands of times). */
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A time of day, hours and minutes as `lang` writes them ("3:07 PM", "15:07"). */
export function formatTime(date: Date | number, lang: string): string {
  let format = timeFormats.get(lang);
  if (!format) timeFormats.set(lang, (format = new Intl.DateTimeFormat(lang, { timeStyle: 'short' })));
  return format.format(date);
}

/** A number of minutes in words ("5 minutes", "5 Minuten", "دقيقتان"). */
export const formatMinutes = (minutes: number, lang: string): string =>
  new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
