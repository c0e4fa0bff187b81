import { ACCOUNT, call, expect, onlineAgent, test } from './fixtures.js';
import type { Emulator } from '../../emulator/server.js';

const visitors = (emulator: Emulator, path = ''): string => `${emulator.url}/api/account/${ACCOUNT}/app/engagement/visitors${path}`;

const createBody = {
  appType: 'EXTERNAL',
  appDetails: { os: 'MAC_OSX', osVersion: '1.2', appVersion: '1.0', deviceFamily: 'DESKTOP', ipAddress: '192.168.5.2' },
  consumerSections: ['Support', 'English'],
  engagementAttributes: [{ type: 'personal', personal: { firstname: 'Sarah', lastname: 'West', contacts: [{ email: 'sarahw@example.com' }] } }],
};

test.describe('App Engagement API', () => {
  test('NotAvailable without an Online agent: ids, pageId, no engagementDetails', async ({ emulator }) => {
    const answer = await call(`${visitors(emulator)}?v=1.0`, { headers: { Accept: 'application/json' }, body: createBody });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('NotAvailable');
    expect(answer.body.sessionId).toMatch(/^[\w-]{22}$/);
    expect(answer.body.visitorId).toMatch(/^[\w-]{22}$/);
    expect(answer.body.pageId).toMatch(/^\d+$/);
    expect(answer.body).not.toHaveProperty('engagementDetails');
  });

  test('Available with engagementDetails once an agent with the skill is Online', async ({ emulator }) => {
    await onlineAgent(emulator);
    const answer = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    expect(answer.body.status).toBe('Available');
    expect(answer.body.engagementDetails).toEqual({
      campaignId: '3346848610',
      engagementId: '3562981110',
      contextId: '1',
      windowId: '3346847910',
      language: 'en-US',
      engagementRevision: 44,
      validForSeconds: 900,
      skillId: 1,
      skillName: 'Sales',
    });
  });

  test('keeps visitorId and sessionId when they are passed back', async ({ emulator }) => {
    const first = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    const { visitorId, sessionId } = first.body;
    const second = await call(`${visitors(emulator, `/${visitorId}`)}?v=1.0&sid=${sessionId}`, { body: { appType: 'MSDK' } });
    expect(second.status).toBe(200);
    expect(second.body.visitorId).toBe(visitorId);
    expect(second.body.sessionId).toBe(sessionId);
    expect(second.body.pageId).not.toBe(first.body.pageId);
    expect(emulator.state.engagementSessions.size).toBe(1);
  });

  test('validates version, appType and body with the flat error entity', async ({ emulator }) => {
    const version = await call(`${visitors(emulator)}?v=2.0`, { body: createBody });
    expect(version.status).toBe(400);
    expect(version.body).toEqual({ time: expect.any(Number), message: 'Illegal Version', internalCode: 33 });
    const missing = await call(visitors(emulator), { body: createBody });
    expect(missing.body.message).toBe('Illegal Version');

    const appType = await call(`${visitors(emulator)}?v=1.0`, { body: { ...createBody, appType: 'WEB' } });
    expect(appType.status).toBe(400);
    expect(appType.body.message).toMatch(/appType/);

    const garbage = await call(`${visitors(emulator)}?v=1.0`, { body: '{nope' });
    expect(garbage.status).toBe(400);
    expect(typeof garbage.body.time).toBe('number');

    const impression = await call(`${visitors(emulator)}?v=1.0`, {
      body: { appType: 'EXTERNAL', engagementAttributes: [{ type: 'impDisplay' }] },
    });
    expect(impression.status).toBe(400);
  });

  test('update session (PUT and POST + override) answers 200 empty and records impressions and SDEs', async ({ emulator }) => {
    await onlineAgent(emulator);
    const created = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    const { visitorId, sessionId, pageId } = created.body;
    const url = `${visitors(emulator, `/${visitorId}`)}?v=1.0&sid=${sessionId}`;
    const display = { type: 'impDisplay', campaign: 3346848610, engId: 3562981110, revision: 44, eContext: [{ type: 'engagementContext', id: '1' }] };
    const real = await call(url, { method: 'PUT', body: { pageId, impAttributes: [display] } });
    expect(real.status).toBe(200);
    expect(real.text).toBe('');
    const cart = { type: 'cart', total: 11.7, currency: 'USD', numItems: 6, products: [] };
    const overridden = await call(url, {
      headers: { 'X-HTTP-Method-Override': 'PUT' },
      body: { pageId, impAttributes: [{ ...display, type: 'impAccept' }], engagementAttributes: [cart] },
    });
    expect(overridden.status).toBe(200);

    const [session] = emulator.state.engagementSessions.values();
    expect(session.impressions.map((i: any) => i.type)).toEqual(['impDisplay', 'impAccept']);
    expect(session.engagementAttributes).toEqual([createBody.engagementAttributes[0], cart]);
    expect(session.requests.map((r) => r.kind)).toEqual(['create', 'update', 'update']);
    expect(session.requests[0].body).toEqual(createBody);

    const state = await call(`${emulator.url}/_emulator/state`);
    expect(state.body.engagementSessions[0].impressions).toHaveLength(2);
  });

  test('update of an unknown session is 404, without pageId 400', async ({ emulator }) => {
    const unknown = await call(`${visitors(emulator, '/nobody')}?v=1.0&sid=nothing`, { method: 'PUT', body: { pageId: '1' } });
    expect(unknown.status).toBe(404);
    const created = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    const noPage = await call(`${visitors(emulator, `/${created.body.visitorId}`)}?v=1.0&sid=${created.body.sessionId}`, {
      method: 'PUT',
      body: { impAttributes: [] },
    });
    expect(noPage.status).toBe(400);
  });
});

test.describe('App Engagement sessions across page loads', () => {
  test('the visitor id and session id of a later page load continue the visitor and the session; an unknown sid gets a new session', async ({ emulator }) => {
    const first = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    const { visitorId, sessionId } = first.body;

    const again = await call(`${visitors(emulator, `/${visitorId}`)}?v=1.0&sid=${sessionId}`, { body: createBody });
    expect(again.body).toMatchObject({ visitorId, sessionId });
    const withoutVisitor = await call(`${visitors(emulator)}?v=1.0&sid=${sessionId}`, { body: createBody });
    expect(withoutVisitor.body).toMatchObject({ visitorId, sessionId });
    expect(emulator.state.engagementSessions.size).toBe(1);

    // "If session doesn't exist, a new session will be generated and sent by the server": same visitor, new session id.
    const unknown = await call(`${visitors(emulator, `/${visitorId}`)}?v=1.0&sid=forgotten-by-the-platform`, { body: createBody });
    expect(unknown.status).toBe(200);
    expect(unknown.body.visitorId).toBe(visitorId);
    expect(unknown.body.sessionId).toMatch(/^[\w-]{22}$/);
    expect(unknown.body.sessionId).not.toBe(sessionId);
    expect(emulator.state.engagementSessions.has(`${ACCOUNT}/forgotten-by-the-platform`)).toBe(false);

    const newSession = await call(`${visitors(emulator, `/${visitorId}`)}?v=1.0`, { body: createBody });
    expect(newSession.body.visitorId).toBe(visitorId);
    expect(newSession.body.sessionId).not.toBe(sessionId);

    // Another visitor naming this session gets a session of its own; this one stays this visitor's.
    const intruder = await call(`${visitors(emulator, '/someone-else')}?v=1.0&sid=${sessionId}`, { body: createBody });
    expect(intruder.body.visitorId).toBe('someone-else');
    expect(intruder.body.sessionId).not.toBe(sessionId);
    expect(emulator.state.engagementSessions.get(`${ACCOUNT}/${sessionId}`)?.visitorId).toBe(visitorId);
    expect(emulator.state.engagementSessions.get(`${ACCOUNT}/${sessionId}`)?.pageIds).toHaveLength(3);

    const odd = await call(`${visitors(emulator, '/a%20b')}?v=1.0`, { body: createBody });
    expect(odd.status).toBe(400);
    expect(odd.body).toEqual({ time: expect.any(Number), message: expect.stringMatching(/visitorId/), internalCode: 5 });
  });

  test('create records appType, appDetails, consumerSections and SDEs as sent; MSDK and IPv6 are fine', async ({ emulator }) => {
    const created = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    const session = emulator.state.engagementSessions.get(`${ACCOUNT}/${created.body.sessionId}`)!;
    expect(session.requests[0]).toMatchObject({ kind: 'create', query: { v: '1.0' }, body: createBody });
    expect(session.engagementAttributes).toEqual(createBody.engagementAttributes);

    const msdk = await call(`${visitors(emulator)}?v=1.0`, {
      body: { appType: 'MSDK', appDetails: { os: 'ANDROID', osVersion: '14', deviceFamily: 'TABLET', ipAddress: '2001:db8::1' } },
    });
    expect(msdk.status).toBe(200);
  });

  test('malformed create bodies are 400 with the flat error entity naming the field, and nothing is kept', async ({ emulator }) => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...createBody, appDetails: { ...createBody.appDetails, deviceFamily: 'PHONE' } }, /appDetails\.deviceFamily/],
      [{ ...createBody, appDetails: { os: 'BEOS' } }, /appDetails\.os/],
      [{ ...createBody, appDetails: { ipAddress: '999.1.1.1' } }, /appDetails\.ipAddress/],
      [{ ...createBody, appDetails: { appVersion: 1 } }, /appDetails\.appVersion/],
      [{ ...createBody, appDetails: { appName: 'shop' } }, /appDetails\.appName is not a documented field/],
      [{ ...createBody, appDetails: 'DESKTOP' }, /appDetails must be an object/],
      [{ ...createBody, consumerSections: 'Support,English' }, /consumerSections/],
      [{ ...createBody, consumerSections: ['Support', 7] }, /consumerSections/],
      [{ ...createBody, engagementAttributes: { type: 'cart' } }, /engagementAttributes must be an array/],
      [{ ...createBody, sections: ['Support'] }, /sections is not a documented field/],
      [{ ...createBody, appType: undefined }, /appType/],
    ];
    for (const [body, message] of bad) {
      const answer = await call(`${visitors(emulator)}?v=1.0`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body).toEqual({ time: expect.any(Number), message: expect.stringMatching(message), internalCode: 5 });
    }
    expect(emulator.state.engagementSessions.size).toBe(0);
  });
});

test.describe('engagement statuses', () => {
  test('engagement.status: Available without agents, NotAvailable with one, or another word answered without details', async ({ emulator }) => {
    await emulator.updateConfig({ engagement: { status: 'Available' } });
    const available = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    expect(available.body.status).toBe('Available');
    expect(available.body.engagementDetails).toMatchObject({ engagementId: '3562981110', contextId: '1', skillName: 'Sales' });

    await onlineAgent(emulator);
    await emulator.updateConfig({ engagement: { status: 'NotAvailable' } });
    const not = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    expect(not.body.status).toBe('NotAvailable');
    expect(not.body).not.toHaveProperty('engagementDetails');

    await emulator.updateConfig({ engagement: { status: 'Pending' } });
    const pending = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({ status: 'Pending', sessionId: expect.any(String), visitorId: expect.any(String), pageId: expect.any(String) });

    for (const status of ['', 'Not Available', 7, null]) {
      const bad = await call(`${emulator.url}/_emulator/config`, { method: 'PUT', body: { engagement: { status } } });
      expect(bad.status, JSON.stringify(status)).toBe(400);
    }
  });

  test('queued statuses answer the next create sessions one each, then the configured status applies again', async ({ emulator }) => {
    await onlineAgent(emulator);
    const queued = await call(`${emulator.url}/_emulator/engagement/statuses`, { method: 'PUT', body: { statuses: ['Pending', 'Loading', 'NotAvailable'] } });
    expect(queued.body).toEqual({ statuses: ['Pending', 'Loading', 'NotAvailable'] });
    const first = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    const { visitorId, sessionId } = first.body;
    const next = () => call(`${visitors(emulator, `/${visitorId}`)}?v=1.0&sid=${sessionId}`, { body: createBody });
    const answers = [first, await next(), await next(), await next()];
    expect(answers.map((a) => a.body.status)).toEqual(['Pending', 'Loading', 'NotAvailable', 'Available']);
    expect(answers.map((a) => a.body.engagementDetails?.contextId)).toEqual([undefined, undefined, undefined, '1']);
    expect((await call(`${emulator.url}/_emulator/engagement/statuses`)).body).toEqual({ statuses: [] });

    await call(`${emulator.url}/_emulator/engagement/statuses`, { method: 'PUT', body: { statuses: ['Pending'] } });
    expect(emulator.state.engagementStatuses).toEqual(['Pending']);
    await call(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    expect(emulator.state.engagementStatuses).toEqual([]);

    for (const body of [{ statuses: 'Pending' }, { statuses: [''] }, { statuses: [1] }, { statuses: Array(101).fill('Pending') }, {}]) {
      const bad = await call(`${emulator.url}/_emulator/engagement/statuses`, { method: 'PUT', body });
      expect(bad.status).toBe(400);
      expect(bad.body.error.internalCode).toBe(5);
    }
  });

  test('validForSeconds is configurable; what the session was given, and until when, is kept', async ({ emulator }) => {
    await onlineAgent(emulator);
    await emulator.updateConfig({ engagement: { validForSeconds: 1 } });
    const created = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    expect(created.body.engagementDetails.validForSeconds).toBe(1);
    const [given] = emulator.state.engagementSessions.get(`${ACCOUNT}/${created.body.sessionId}`)!.engagements;
    expect(given).toMatchObject({ contextId: '1', campaignId: '3346848610', engagementId: '3562981110', engagementRevision: 44, pageId: created.body.pageId });
    expect(given.expiresAt - given.issuedAt).toBe(1000);
  });

  test('an authenticated engagement carries its connectorId (a number, like the other documented numbers)', async ({ emulator }) => {
    await onlineAgent(emulator);
    const plain = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    expect(plain.body.engagementDetails).not.toHaveProperty('connectorId');
    await emulator.updateConfig({ engagement: { connectorId: '568046210' } });
    const authenticated = await call(`${visitors(emulator)}?v=1.0`, { body: createBody });
    expect(authenticated.body.engagementDetails.connectorId).toBe(568046210);
    const bad = await call(`${emulator.url}/_emulator/config`, { method: 'PUT', body: { engagement: { connectorId: 'abc' } } });
    expect(bad.status).toBe(400);
  });
});
