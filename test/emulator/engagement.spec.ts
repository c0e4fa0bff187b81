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
