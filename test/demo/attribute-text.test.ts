import { expect } from '@open-wc/testing';
import type { EngagementAttribute } from '../../src/api/sde.js';
import { attributeText } from '../../demo/agent/components/attribute-text.js';
import { DOCUMENTED_SDES } from '../fixtures/documented-sdes.js';

describe('attributeText (the agent console)', () => {
  it('names each documented type and puts its key fields in one line', () => {
    expect((DOCUMENTED_SDES as EngagementAttribute[]).map(attributeText)).to.deep.equal([
      { kind: 'Cart', text: 'total 11.7 USD, 6 items: prod1' },
      { kind: 'Purchase', text: 'order DRV1534XC, total 11.7 USD, antivirus pro plan ×3' },
      { kind: 'Viewed products', text: 'red high heel shoe (77.8 USD)' },
      {
        kind: 'Customer',
        text:
          'customer 138766AC, user user000, account bank corp, status cancelled, type vip, role broker, balance -400.99 USD, ' +
          'branch East village, company size 500, registered 2013-05-23, last payment 2014-10-15, login status 1, ' +
          'social id 11256324780, IMEI 3543546543545688, store 123865, store zip 20505',
      },
      { kind: 'Marketing source', text: 'channel search, affiliate Yahoo, campaign US coupon campaign' },
      {
        kind: 'Personal',
        text: 'John Doe, myname@example.com, +1 212-788-8877 (mobile), North America, US, age 34, born 1980-04-15, male, company, language en-US',
      },
      { kind: 'Lead', text: 'luxury car test drive 2015, value 22.22 USD, lead xyz123' },
      { kind: 'Service', text: 'order checkbook, category finance, status 0, service service12' },
      { kind: 'Error', text: 'Expiration date missing, code er100004, level 10, unresolved' },
      { kind: 'Search', text: 'Reset password' },
    ]);
  });

  it('says so when an attribute has nothing to show, and shows one of an unknown type as its fields', () => {
    expect(attributeText({ type: 'lead' })).to.deep.equal({ kind: 'Lead', text: 'no details' });
    expect(attributeText({ type: 'cart', total: 0, numItems: 1 })).to.deep.equal({ kind: 'Cart', text: 'total 0, 1 item' });
    const loyalty = { type: 'loyalty', tier: 'gold', points: 120, history: [{ year: 2020 }, { year: 2021 }] };
    expect(attributeText({ type: 'unknown', rawType: 'loyalty', data: loyalty })).to.deep.equal({
      kind: 'loyalty',
      text: 'tier gold, points 120, year 2020, year 2021',
    });
  });
});
