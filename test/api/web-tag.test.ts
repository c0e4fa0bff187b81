import { expect } from '@open-wc/testing';
import { toWebTagEngagement } from '../../src/api/web-tag.js';

describe('toWebTagEngagement', () => {
  it('reads the ids the Web Tag passes an API-based window as an engagement', () => {
    const data = { svid: 'rloXnVgEQ', ssid: 'rN82d4rAT', scid: 3, eid: 27469613, cid: '26948813', lang: 'en-US', skill: 'Sales', connector: { id: 4242 } };
    expect(toWebTagEngagement(data)).to.deep.equal({
      status: 'Available',
      visitorId: 'rloXnVgEQ',
      sessionId: 'rN82d4rAT',
      pageId: '',
      details: { campaignId: '26948813', engagementId: '27469613', contextId: '3', language: 'en-US', skillName: 'Sales', connectorId: '4242' },
    });
  });

  it('leaves out what is not there, and takes anything without failing', () => {
    const bare = { status: 'Available', visitorId: '', sessionId: '', pageId: '', details: { campaignId: '', engagementId: '', contextId: '' } };
    expect(toWebTagEngagement({ svid: 'v', lang: '', skill: {}, connector: null })).to.deep.equal({ ...bare, visitorId: 'v' });
    for (const data of [undefined, null, 'x', 42]) expect(toWebTagEngagement(data)).to.deep.equal(bare);
  });
});
