import { ACCOUNT, call, expect, test } from './fixtures.js';
import type { Emulator } from '../../emulator/server.js';
import { DOCUMENTED_SDES } from '../fixtures/documented-sdes.js';

// Engagement attributes (SDEs) and the funnel's impression events, as App Engagement takes them: every
// documented type accepted and recorded as sent; malformed entries refused with the flat error entity,
// the whole request with them; impressions read, checked against the engagement the session was
// given, and kept in order with their time, per session.

const visitors = (emulator: Emulator, path = ''): string => `${emulator.url}/api/account/${ACCOUNT}/app/engagement/visitors${path}`;

/** One valid SDE of each documented type: the examples of "Types of Engagement Attributes" (protocol.md §2.3). */
const VALID_SDES = DOCUMENTED_SDES as Array<Record<string, unknown>>;

/** Forms the docs show besides the first: numbers where the example has strings and back, the table's spelling. */
const DOCUMENTED_VARIANTS: Array<Record<string, unknown>> = [
  { type: 'cart', total: 0, numItems: 0 },
  { type: 'purchase' },
  { type: 'mrktInfo', info: { channel: 4, campaignID: 'camp12' } },
  { type: 'personal', personal: { gender: 1, age: { age: 30.5 } } },
  { type: 'personal', personal: { contacts: [{ email: 'sarahw@gmail.com', phone: '12345678' }], age: { age: 30.0, year: 1986, month: 7, day: 22 }, gender: 'FEMALE' } },
  { type: 'personal', personal: { language: 'fr_CA' } },
  { type: 'ctmrinfo', info: {} },
  { type: 'searchInfo', keywords: [] },
];

/** Malformed SDEs and the field the error message must name. */
const MALFORMED: Array<[unknown, RegExp]> = [
  [{ type: 'cart', numItems: 6 }, /\.total is required/],
  [{ type: 'cart', total: 11.7 }, /\.numItems is required/],
  [{ type: 'cart', total: '11.7', numItems: 6 }, /\.total must be a number/],
  [{ type: 'cart', total: 1, numItems: 1.5 }, /\.numItems must be an integer/],
  [{ type: 'cart', total: 1, numItems: 1, currency: 'usd' }, /\.currency must be a three-letter currency code/],
  [{ type: 'cart', total: 1, numItems: 1, products: [{ quantity: 1 }] }, /\.products\[0\]\.product is required/],
  [{ type: 'cart', total: 1, numItems: 1, products: [{ product: { price: '7.8' } }] }, /\.products\[0\]\.product\.price must be a number/],
  [{ type: 'purchase', cart: { numItems: 1 } }, /\.cart\.products is required/],
  [{ type: 'prodView', products: {} }, /\.products must be an array/],
  [{ type: 'ctmrinfo', customerId: '138766AC' }, /\.customerId is not a documented field/],
  [{ type: 'ctmrinfo', info: { companySize: '500' } }, /\.info\.companySize must be an integer/],
  [{ type: 'ctmrinfo', info: { lastPaymentDate: { day: 15, month: 13, year: 2014 } } }, /\.lastPaymentDate\.month must be an integer from 1 to 12/],
  [{ type: 'ctmrinfo', info: { registrationDate: { day: 23, month: 5 } } }, /\.registrationDate\.year is required/],
  [{ type: 'mrktInfo', info: { channel: 7 } }, /\.info\.channel must be an integer from 0 to 4/],
  [{ type: 'personal', personal: { gender: 'M' } }, /\.personal\.gender must be one of/],
  [{ type: 'personal', personal: { firstname: null } }, /\.personal\.firstname must be a string, not null/],
  [{ type: 'personal', personal: { contacts: { email: 'a@example.com' } } }, /\.personal\.contacts must be an array/],
  [{ type: 'personal', personal: { contacts: [{ phoneType: 'CELL' }] } }, /\.contacts\[0\]\.phoneType must be one of/],
  [{ type: 'personal', personal: { contacts: [{ address: { country: 'usa' } }] } }, /\.address\.country must be a two-letter/],
  [{ type: 'personal', personal: { language: 'English' } }, /\.personal\.language must be a language code/],
  [{ type: 'personal', firstname: 'John' }, /\.firstname is not a documented field/],
  [{ type: 'lead', lead: { value: '22.22' } }, /\.lead\.value must be a number/],
  [{ type: 'service', service: { status: 11 } }, /\.service\.status must be an integer from 0 to 10/],
  [{ type: 'error', error: { resolved: 'no' } }, /\.error\.resolved must be true or false/],
  [{ type: 'error', error: { level: 'high' } }, /\.error\.level must be an integer/],
  [{ type: 'searchInfo', keywords: 'Reset password' }, /\.keywords must be an array/],
  [{ type: 'searchInfo', keywords: ['ok', 3] }, /\.keywords\[1\] must be a string/],
  [{ type: 'coupon', code: 'X' }, /\.type must be one of cart, purchase/],
  [{ total: 1 }, /\.type must be one of/],
  ['cart', /must be an object/],
  [null, /must be an object/],
  [{ type: 'impDisplay', campaign: 1, engId: 2, revision: 3 }, /impression event \(impDisplay\): those go in impAttributes/],
];

/** An Available session (the configured status) with its first engagement. */
async function session(emulator: Emulator, visitorId?: string) {
  const created = await call(`${visitors(emulator, visitorId ? `/${visitorId}` : '')}?v=1.0`, { body: { appType: 'EXTERNAL' } });
  expect(created.body.status).toBe('Available');
  const { sessionId, pageId, engagementDetails } = created.body;
  const url = `${visitors(emulator, `/${created.body.visitorId}`)}?v=1.0&sid=${sessionId}`;
  return { visitorId: created.body.visitorId as string, sessionId: sessionId as string, pageId: pageId as string, details: engagementDetails, url };
}

/** An impression event about the given engagement, as the docs' examples have them. */
function impression(type: string, details: Record<string, any>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const withContext = type === 'impDisplay' || type === 'impAccept';
  return {
    type,
    campaign: Number(details.campaignId),
    engId: Number(details.engagementId),
    revision: details.engagementRevision,
    ...(withContext ? { eContext: [{ type: 'engagementContext', id: details.contextId }] } : {}),
    ...extra,
  };
}

test.use({ emulatorOptions: { config: { engagement: { status: 'Available' } } } });

test.describe('engagement attributes (SDEs)', () => {
  test('every documented type is accepted in create and in update session, and recorded as sent, in order', async ({ emulator }) => {
    const created = await call(`${visitors(emulator)}?v=1.0`, { body: { appType: 'EXTERNAL', engagementAttributes: VALID_SDES } });
    expect(created.status, created.text).toBe(200);
    const { visitorId, sessionId, pageId } = created.body;
    const updated = await call(`${visitors(emulator, `/${visitorId}`)}?v=1.0&sid=${sessionId}`, {
      method: 'PUT',
      body: { pageId, engagementAttributes: [...VALID_SDES].reverse() },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.text).toBe('');
    const kept = emulator.state.engagementSessions.get(`${ACCOUNT}/${sessionId}`)!;
    expect(kept.engagementAttributes).toEqual([...VALID_SDES, ...[...VALID_SDES].reverse()]);
    const state = (await call(`${emulator.url}/_emulator/state`)).body;
    expect(state.engagementSessions[0].engagementAttributes).toHaveLength(20);
  });

  test('the other forms the docs show are accepted too', async ({ emulator }) => {
    for (const sde of DOCUMENTED_VARIANTS) {
      const answer = await call(`${visitors(emulator)}?v=1.0`, { body: { appType: 'EXTERNAL', engagementAttributes: [sde] } });
      expect(answer.status, `${JSON.stringify(sde)}: ${answer.text}`).toBe(200);
    }
  });

  test('a malformed entry is 400 with the documented error entity naming it, in create and in update session', async ({ emulator }) => {
    const { url, pageId } = await session(emulator);
    for (const [sde, message] of MALFORMED) {
      const create = await call(`${visitors(emulator)}?v=1.0`, { body: { appType: 'EXTERNAL', engagementAttributes: [VALID_SDES[0], sde] } });
      expect(create.status, JSON.stringify(sde)).toBe(400);
      expect(create.body).toEqual({ time: expect.any(Number), message: expect.stringMatching(/^engagementAttributes\[1\]/), internalCode: 5 });
      expect(create.body.message, JSON.stringify(sde)).toMatch(message);

      const update = await call(url, { method: 'PUT', body: { pageId, engagementAttributes: [sde] } });
      expect(update.status, JSON.stringify(sde)).toBe(400);
      expect(update.body).toEqual({ time: expect.any(Number), message: expect.stringMatching(/^engagementAttributes\[0\]/), internalCode: 5 });
      expect(update.body.message, JSON.stringify(sde)).toMatch(message);
    }
    expect(emulator.state.engagementSessions.size).toBe(1);
  });

  test('one malformed entry refuses the whole request: nothing of it is kept, every problem is named', async ({ emulator }) => {
    const { url, pageId, details, sessionId } = await session(emulator);
    const kept = () => emulator.state.engagementSessions.get(`${ACCOUNT}/${sessionId}`)!;
    const before = structuredClone({ requests: kept().requests.length, sdes: kept().engagementAttributes, impressions: kept().impressions });
    const answer = await call(url, {
      method: 'PUT',
      body: {
        pageId,
        impAttributes: [impression('impDisplay', details)],
        engagementAttributes: [VALID_SDES[0], { type: 'cart', total: 'x', numItems: 1 }, VALID_SDES[1], { type: 'lead', lead: { value: 'y' } }],
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('engagementAttributes[1].total must be a number, not string; engagementAttributes[3].lead.value must be a number, not string');
    expect({ requests: kept().requests.length, sdes: kept().engagementAttributes, impressions: kept().impressions }).toEqual(before);

    const many = await call(url, { method: 'PUT', body: { pageId, engagementAttributes: Array(8).fill({ type: 'searchInfo', keywords: 1 }) } });
    expect(many.body.message).toMatch(/engagementAttributes\[4\]\.keywords must be an array, not number \(and 3 more\)$/);
  });
});

test.describe('impression events', () => {
  test('the funnel is recorded in order with its time, per session, in-process and through the control API', async ({ emulator }) => {
    const a = await session(emulator, 'visitor-a');
    const b = await session(emulator, 'visitor-b');
    const start = Date.now();
    const put = (s: typeof a, impAttributes: unknown[]) => call(s.url, { method: 'PUT', body: { pageId: s.pageId, impAttributes } });

    expect((await put(a, [impression('impDisplay', a.details)])).status).toBe(200);
    expect((await put(b, [impression('impDisplay', b.details), impression('impTimeout', b.details)])).status).toBe(200);
    const expanded = impression('impExpanded', a.details, { expanded: null, userInit: null, actionableItems: null });
    expect((await put(a, [expanded, impression('impAccept', a.details)])).status).toBe(200);
    expect((await put(a, [impression('impClose', a.details)])).status).toBe(200);

    const ofA = emulator.state.engagementSessions.get(`${ACCOUNT}/${a.sessionId}`)!.impressions;
    expect(ofA.map((i) => i.type)).toEqual(['impDisplay', 'impExpanded', 'impAccept', 'impClose']);
    expect(ofA[0]).toEqual({
      time: expect.any(Number),
      pageId: a.pageId,
      type: 'impDisplay',
      campaign: 3346848610,
      engId: 3562981110,
      revision: 44,
      contextId: '1',
      expired: false,
      event: impression('impDisplay', a.details),
    });
    expect(ofA[1].event).toEqual(expanded);
    expect(ofA[1]).not.toHaveProperty('contextId');
    expect(ofA.every((i, n) => i.time >= start && (n === 0 || i.time >= ofA[n - 1]!.time))).toBe(true);

    const all = (await call(`${emulator.url}/_emulator/impressions`)).body.impressions;
    expect(all.map((i: any) => `${i.visitorId}:${i.type}`)).toEqual([
      'visitor-a:impDisplay',
      'visitor-b:impDisplay',
      'visitor-b:impTimeout',
      'visitor-a:impExpanded',
      'visitor-a:impAccept',
      'visitor-a:impClose',
    ]);
    expect(all[0]).toMatchObject({ account: ACCOUNT, sessionId: a.sessionId, pageId: a.pageId });
    const onlyB = (await call(`${emulator.url}/_emulator/impressions?visitorId=visitor-b`)).body.impressions;
    expect(onlyB.map((i: any) => i.type)).toEqual(['impDisplay', 'impTimeout']);
    const bySession = (await call(`${emulator.url}/_emulator/impressions?sessionId=${a.sessionId}`)).body.impressions;
    expect(bySession).toHaveLength(4);
    expect(emulator.state.impressionLog({ visitorId: 'visitor-a' }).map((i) => i.type)).toEqual(['impDisplay', 'impExpanded', 'impAccept', 'impClose']);
    expect((await call(`${emulator.url}/_emulator/impressions?account=other`)).body.impressions).toEqual([]);
  });

  test('a later engagement of the session gets its own context; each impression is checked against what the session was given', async ({ emulator }) => {
    const a = await session(emulator);
    const second = await call(`${visitors(emulator, `/${a.visitorId}`)}?v=1.0&sid=${a.sessionId}`, { body: { appType: 'EXTERNAL' } });
    expect(second.body.engagementDetails.contextId).toBe('2');
    const put = (impAttributes: unknown[], pageId = a.pageId) => call(a.url, { method: 'PUT', body: { pageId, impAttributes } });
    expect((await put([impression('impDisplay', second.body.engagementDetails)], second.body.pageId)).status).toBe(200);
    expect((await put([impression('impDisplay', a.details)])).status).toBe(200);

    const notGiven: Array<[Record<string, unknown>, RegExp]> = [
      [impression('impDisplay', { ...a.details, campaignId: '1' }), /campaign 1, engId 3562981110, revision 44, context 1: no such engagement/],
      [impression('impAccept', { ...a.details, engagementRevision: 45 }), /revision 45/],
      [impression('impDisplay', { ...a.details, contextId: '3' }), /context 3/],
      [impression('impClose', { ...a.details, engagementId: '9' }), /engId 9, revision 44: no such engagement/],
    ];
    for (const [event, message] of notGiven) {
      const answer = await put([event]);
      expect(answer.status, JSON.stringify(event)).toBe(400);
      expect(answer.body).toEqual({ time: expect.any(Number), message: expect.stringMatching(message), internalCode: 5 });
    }
    const kept = emulator.state.engagementSessions.get(`${ACCOUNT}/${a.sessionId}`)!;
    expect(kept.impressions.map((i) => i.contextId)).toEqual(['2', '1']);
  });

  test('malformed impression events are 400 naming the field; the whole update is refused', async ({ emulator }) => {
    const a = await session(emulator);
    const display = impression('impDisplay', a.details);
    const bad: Array<[unknown, RegExp]> = [
      [{ ...display, type: 'impClick' }, /impAttributes\[0\]\.type must be one of impDisplay, impAccept, impExpanded, impClose, impTimeout/],
      [{ ...display, campaign: undefined }, /\.campaign is required/],
      [{ ...display, campaign: '3346848610' }, /\.campaign must be an integer/],
      [{ ...display, revision: 44.5 }, /\.revision must be an integer/],
      [{ ...display, eContext: undefined }, /\.eContext is required/],
      [{ ...display, eContext: [] }, /\.eContext must have at least 1 item/],
      [{ ...display, eContext: [{ type: 'context', id: '1' }] }, /\.eContext\[0\]\.type must be one of "engagementContext"/],
      [{ ...display, eContext: [{ type: 'engagementContext', id: 1 }] }, /\.eContext\[0\]\.id must be a context id/],
      [{ ...display, engagementId: '3562981110' }, /\.engagementId is not a documented field/],
      [{ ...impression('impClose', a.details), expanded: true }, /\.expanded is not a documented field/],
      [{ ...impression('impExpanded', a.details), userInit: 'yes' }, /\.userInit/],
      [{ type: 'impressionEvent' }, /\.type must be one of/],
      [[display], /impAttributes\[0\] must be an object/],
    ];
    for (const [event, message] of bad) {
      const answer = await call(a.url, { method: 'PUT', body: { pageId: a.pageId, impAttributes: [display, event] } });
      expect(answer.status, JSON.stringify(event)).toBe(400);
      expect(answer.body.message.replace('impAttributes[1]', 'impAttributes[0]'), JSON.stringify(event)).toMatch(message);
    }
    const odd = await call(a.url, { method: 'PUT', body: { pageId: a.pageId, impAttributes: display } });
    expect(odd.body.message).toBe('impAttributes must be an array');
    const extra = await call(a.url, { method: 'PUT', body: { pageId: a.pageId, impressions: [display] } });
    expect(extra.body.message).toBe('impressions is not a documented field');
    expect(emulator.state.engagementSessions.get(`${ACCOUNT}/${a.sessionId}`)!.impressions).toEqual([]);
  });

  test('impressions need a page id the session was given, and an engagement: not on a NotAvailable session', async ({ emulator }) => {
    const a = await session(emulator);
    const wrongPage = await call(a.url, { method: 'PUT', body: { pageId: '1234567890', impAttributes: [impression('impDisplay', a.details)] } });
    expect(wrongPage.status).toBe(400);
    expect(wrongPage.body.message).toBe('pageId 1234567890 was not given to this session');

    await emulator.updateConfig({ engagement: { status: 'NotAvailable' } });
    const created = await call(`${visitors(emulator)}?v=1.0`, { body: { appType: 'EXTERNAL' } });
    const url = `${visitors(emulator, `/${created.body.visitorId}`)}?v=1.0&sid=${created.body.sessionId}`;
    const none = await call(url, { method: 'PUT', body: { pageId: created.body.pageId, impAttributes: [impression('impDisplay', a.details)] } });
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/no such engagement was given to this session/);
    const sdesOnly = await call(url, { method: 'PUT', body: { pageId: created.body.pageId, engagementAttributes: [VALID_SDES[9]] } });
    expect(sdesOnly.status).toBe(200);
  });

  test.describe('past validForSeconds', () => {
    test.use({ emulatorOptions: { config: { engagement: { status: 'Available', validForSeconds: 1 } } } });

    test('an impression about an engagement past its validForSeconds is kept, marked expired', async ({ emulator }) => {
      const a = await session(emulator);
      await call(a.url, { method: 'PUT', body: { pageId: a.pageId, impAttributes: [impression('impDisplay', a.details)] } });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await call(a.url, { method: 'PUT', body: { pageId: a.pageId, impAttributes: [impression('impClose', a.details)] } });
      const kept = emulator.state.engagementSessions.get(`${ACCOUNT}/${a.sessionId}`)!.impressions;
      expect(kept.map((i) => [i.type, i.expired])).toEqual([
        ['impDisplay', false],
        ['impClose', true],
      ]);
    });
  });
});
