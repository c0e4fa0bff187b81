import { expect } from '@open-wc/testing';
import { formatDate, formatTime } from '../../src/i18n/format.js';

// 14:05 local time on 3 March 2026: the visitor sees their own clock.
const at = new Date(2026, 2, 3, 14, 5).getTime();

describe('formatTime', () => {
  it('gives the hour and minute in the window language', () => {
    expect(formatTime(at, 'en-US')).to.equal('2:05 PM');
    expect(formatTime(at, 'en-GB')).to.equal('14:05');
    expect(formatTime(at, 'de')).to.equal('14:05');
    expect(formatTime(at, 'ja')).to.equal('14:05');
    // The same formatter again: the same answer for another time.
    expect(formatTime(at + 60_000, 'en-US')).to.equal('2:06 PM');
  });

  it('falls back to the browser language for a lang that is not a language tag', () => {
    const browser = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(at);
    expect(formatTime(at, '')).to.equal(browser);
    expect(formatTime(at, 'not a tag!')).to.equal(browser);
  });
});

describe('formatDate', () => {
  it('gives the date in the window language', () => {
    expect(formatDate(at, 'en-US')).to.equal('Mar 3, 2026');
    expect(formatDate(at, 'en-GB')).to.equal('3 Mar 2026');
    expect(formatDate(at, 'de')).to.equal('03.03.2026');
    // Not mixed up with the time formatter of the same language.
    expect(formatTime(at, 'de')).to.equal('14:05');
  });
});
