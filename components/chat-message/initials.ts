/** Letters of scripts written without capitals whose names take one character in an avatar. */
const ONE = /\p{sc=Han}|\p{sc=Hangul}|\p{sc=Hiragana}|\p{sc=Katakana}/u;

/**
 * The initials of `name` for an avatar: the first letter (with its accents) of its first and last
 * words, in capitals (`Natalie Brown` → `NB`, `alex` → `A`, `Ёлка Ель` → `ЁЕ`); one character for a
 * Chinese, Japanese or Korean name (`王小明` → `王`); '' for a name without a letter.
 */
export function initials(name: string): string {
  const letters = name.split(/\s+/).flatMap((word) => /[\p{L}\p{N}]\p{M}*/u.exec(word) ?? []);
  const [first = ''] = letters;
  return (ONE.test(first) || letters.length < 2 ? first : first + letters.at(-1)).toUpperCase();
}
