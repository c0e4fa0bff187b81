import { expect } from '@open-wc/testing';
import { formatMinutes, formatTime } from '../../src/i18n/format.js';
import { enLauncher, loadStrings, pickLanguage } from '../../src/i18n/locale.js';
import { en, type Strings } from '../../src/i18n/strings.js';

/** Every language the window ships besides English (a new one goes here too). */
const LANGUAGES = ['es', 'de', 'fr', 'he', 'ar'];

/** Counts that reach every plural category of every language (Arabic's six among them). */
const COUNTS = [0, 1, 2, 3, 5, 10, 11, 19, 99, 100, 101, 102, 1000, 1_000_000];

const tables = async () => Object.fromEntries(await Promise.all(LANGUAGES.map(async (lang) => [lang, (await loadStrings(lang))!] as const)));

describe('i18n: the tables', () => {
  it('each language has its own chunk, with exactly the keys of English, each of the same kind', async () => {
    for (const [lang, t] of Object.entries(await tables())) {
      expect(t, lang).to.be.an('object');
      expect(Object.keys(t).sort(), lang).to.deep.equal(Object.keys(en).sort());
      for (const key of Object.keys(en) as (keyof Strings)[]) {
        expect(typeof t[key], `${lang}.${key}`).to.equal(typeof en[key]);
        if (typeof t[key] === 'string') expect((t[key] as string).trim(), `${lang}.${key}`).not.to.equal('');
      }
      expect(t.lang).to.equal(lang);
      expect(t.dir, lang).to.equal(lang === 'he' || lang === 'ar' ? 'rtl' : 'ltr');
    }
  });

  it('the tables are translated: English shows through only where the word is the same', async () => {
    for (const [lang, t] of Object.entries(await tables())) {
      const same = (Object.keys(en) as (keyof Strings)[]).filter((key) => typeof en[key] === 'string' && key !== 'dir' && t[key] === en[key]);
      // "Chat" is "Chat" in Spanish, German and French; "Message" is French too; the comma is the Latin one but in Arabic.
      expect(same, lang).to.satisfy((keys: string[]) => keys.every((key) => ['title', 'log', 'message', 'comma'].includes(key)));
    }
  });

  it('the words with a name or a duration in them keep it, in every language', async () => {
    for (const [lang, t] of Object.entries({ en, ...(await tables()) })) {
      expect(t.chattingWith('Natalie'), lang).to.contain('Natalie');
      expect(t.typing('Natalie'), lang).to.contain('Natalie');
      expect(t.wait('7 X'), lang).to.contain('7 X');
    }
  });

  it('the unread count follows each language’s plural rules (Arabic has six forms)', async () => {
    for (const [lang, t] of Object.entries({ en, ...(await tables()) })) {
      const rules = new Intl.PluralRules(lang);
      const byCategory = new Map<string, string>();
      for (const n of COUNTS) {
        const text = t.unread(n);
        const category = rules.select(n);
        expect(text, `${lang} ${n}`).to.be.a('string').and.not.match(/undefined|NaN|^\s*$/);
        // Hebrew and Arabic spell out none, one and two; every other count is written.
        if (!((lang === 'he' || lang === 'ar') && ['zero', 'one', 'two'].includes(category))) expect(text, `${lang} ${n}`).to.contain(String(n));
        byCategory.set(category, text.replace(String(n), '#'));
      }
      // Every category is reached, and each has its own wording (Arabic's "many" and "other" read alike).
      expect([...byCategory.keys()].sort(), lang).to.deep.equal([...rules.resolvedOptions().pluralCategories].sort());
      const wordings = new Set(byCategory.values());
      expect(wordings.size, `${lang}: ${[...wordings].join(' | ')}`).to.equal(byCategory.size - (lang === 'ar' ? 1 : 0));
    }
    const ar = (await loadStrings('ar'))!;
    expect([1, 2, 3, 11, 100].map(ar.unread)).to.deep.equal([
      'رسالة واحدة غير مقروءة',
      'رسالتان غير مقروءتين',
      '3 رسائل غير مقروءة',
      '11 رسالة غير مقروءة',
      '100 رسالة غير مقروءة',
    ]);
    expect(en.unread(1)).to.equal('1 unread message');
    expect(en.unread(4)).to.equal('4 unread messages');
  });

  it('English is built in: the first stage has its own words, the conversation the whole table', () => {
    expect(loadStrings('en')).to.equal(undefined);
    for (const [key, value] of Object.entries(enLauncher)) expect(en[key as keyof Strings], key).to.equal(value);
  });
});

describe('i18n: which language', () => {
  it('the first tag the window speaks wins, by its base language', () => {
    expect(pickLanguage('es-MX')).to.equal('es');
    expect(pickLanguage('DE-at')).to.equal('de');
    expect(pickLanguage('fr_CA')).to.equal('fr');
    expect(pickLanguage('he-IL', 'ar')).to.equal('he');
    expect(pickLanguage(undefined, '', 'ar-EG', 'es')).to.equal('ar');
    expect(pickLanguage('en-GB', 'es')).to.equal('en');
  });

  it('a language without a table falls through to the next; English when none has one', () => {
    expect(pickLanguage('ja', 'pt-BR', 'de')).to.equal('de');
    expect(pickLanguage('ja', 'zh-Hans-CN')).to.equal('en');
    expect(pickLanguage()).to.equal('en');
    expect(pickLanguage('', undefined)).to.equal('en');
  });

  it('a tag that names something of every object is no language', () => {
    expect(pickLanguage('constructor', '__proto__', 'toString', 'hasOwnProperty', 'es')).to.equal('es');
  });
});

describe('i18n: Intl formats', () => {
  it('minutes in words, with the language’s plural and digits', () => {
    expect(formatMinutes(1, 'en')).to.equal('1 minute');
    expect(formatMinutes(5, 'en')).to.equal('5 minutes');
    expect(formatMinutes(5, 'de')).to.equal('5 Minuten');
    expect(formatMinutes(1, 'es')).to.equal('1 minuto');
    expect(formatMinutes(2, 'he')).to.equal(new Intl.NumberFormat('he', { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(2));
    expect(formatMinutes(2, 'ar')).not.to.contain('2'); // "two minutes" is one word in Arabic
  });

  it('a time of day as the language writes it', () => {
    const date = new Date(2026, 11, 3, 15, 7);
    expect(formatTime(date, 'en')).to.match(/^3:07\sPM$/);
    expect(formatTime(date, 'de')).to.equal('15:07');
    expect(formatTime(date.getTime(), 'fr')).to.equal('15:07');
    expect(formatTime(date, 'he')).to.equal('15:07');
  });
});
