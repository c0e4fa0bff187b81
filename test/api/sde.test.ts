import { expect } from '@open-wc/testing';
import { checkAttributes, type EngagementAttribute } from '../../src/api/sde.js';
import { DOCUMENTED_SDES } from '../fixtures/documented-sdes.js';

/** One entry of each documented type, every field filled (LivePerson's examples). */
const DOCUMENTED = DOCUMENTED_SDES as EngagementAttribute[];

describe('checkAttributes', () => {
  it('takes every documented type, and the forms the docs also show', () => {
    expect(checkAttributes(DOCUMENTED)).to.deep.equal({ attributes: DOCUMENTED, problems: [] });
    const variants = [
      { type: 'cart', total: 0, numItems: 0 },
      { type: 'purchase' },
      { type: 'mrktInfo', info: { channel: 4, campaignID: 'camp12' } },
      { type: 'personal', personal: { gender: 1, age: { age: 30.5 }, language: 'fr_CA' } },
      { type: 'ctmrinfo', info: {} },
      { type: 'searchInfo', keywords: [] },
    ];
    expect(checkAttributes(variants).problems).to.deep.equal([]);
  });

  it('refuses a malformed entry, naming the entry and the field, and keeps the others in order', () => {
    const list = [
      DOCUMENTED[0],
      { type: 'cart', total: '11.7', numItems: 6 },
      DOCUMENTED[9],
      { type: 'coupon', code: 'X' },
      { type: 'personal', personal: { contacts: [{ address: { country: 'usa' } }] } },
      { type: 'ctmrinfo', customerId: '1' },
      'cart',
      { type: 'cart', total: 1 },
      { type: 'ctmrinfo', info: { lastPaymentDate: { day: 1, month: 2 } } },
      { type: 'error', error: { resolved: 'no' } },
      { type: 'searchInfo', keywords: ['ok', 3] },
      { type: 'personal', personal: { firstname: null } },
    ];
    expect(checkAttributes(list)).to.deep.equal({
      attributes: [DOCUMENTED[0], DOCUMENTED[9]],
      problems: [
        'engagement attribute 1 (cart) refused: total must be a number',
        'engagement attribute 3 (coupon) refused: type must be one of cart, purchase, prodView, ctmrinfo, mrktInfo, personal, lead, service, error, searchInfo',
        'engagement attribute 4 (personal) refused: personal.contacts[0].address.country must be a country code such as "US"',
        'engagement attribute 5 (ctmrinfo) refused: customerId is not a documented field',
        'engagement attribute 6 (no type) refused: type must be one of cart, purchase, prodView, ctmrinfo, mrktInfo, personal, lead, service, error, searchInfo',
        'engagement attribute 7 (cart) refused: numItems is missing',
        'engagement attribute 8 (ctmrinfo) refused: info.lastPaymentDate.year is missing',
        'engagement attribute 9 (error) refused: error.resolved must be true or false',
        'engagement attribute 10 (searchInfo) refused: keywords[1] must be a string',
        'engagement attribute 11 (personal) refused: personal.firstname must be a string',
      ],
    });
  });

  it('takes nothing as no attributes, and says so when what it got is not a list', () => {
    expect(checkAttributes(undefined)).to.deep.equal({ attributes: [], problems: [] });
    expect(checkAttributes({ type: 'cart' })).to.deep.equal({ attributes: [], problems: ['engagement attributes must be a list'] });
  });
});
