import { ACCOUNT, call, chatBase, chatting, consumerHeaders, expect, onlineAgent, requestChat, test } from './fixtures.js';

test.describe('control API', () => {
  test('state shows chats with events and requests, agents with their sessions, records and the request log', async ({ emulator }) => {
    const { chatUrl } = await chatting(emulator, { LETagVisitorId: 'v1' });
    await call(`${chatUrl}/transcriptRequest.json?v=1`, { headers: consumerHeaders({ 'X-HTTP-Method-Override': 'PUT' }), body: { email: 'a@example.com' } });
    const state = (await call(`${emulator.url}/_emulator/state`)).body;
    expect(state.chats).toHaveLength(1);
    expect(state.chats[0]).toMatchObject({ account: ACCOUNT, state: 'chatting', request: { LETagVisitorId: 'v1', skill: 'Sales' } });
    expect(state.chats[0].events.map((e: any) => e.type)).toEqual(['state', 'line', 'state', 'line']);
    expect(state.agents).toEqual([
      expect.objectContaining({ loginName: 'agent', nickname: 'Alex', sessions: [expect.objectContaining({ availability: 'Online', account: ACCOUNT })] }),
    ]);
    expect(state.agents[0]).not.toHaveProperty('password');
    expect(state.transcripts).toEqual([expect.objectContaining({ email: 'a@example.com' })]);
    expect(state.requests.map((r: any) => r.route)).toContain('consumer.request');
    expect(state.requests.find((r: any) => r.route === 'consumer.transcript')).toMatchObject({ method: 'POST', effectiveMethod: 'PUT', status: 200 });
    expect(state.requests.some((r: any) => r.route.startsWith('control.'))).toBe(false);
    for (const key of ['offlineSurveys', 'exitSurveys', 'customVariables', 'engagementSessions', 'logins']) expect(state).toHaveProperty(key);
  });

  test('reset forgets chats and records, keeps configuration and agent sessions', async ({ emulator }) => {
    await emulator.updateConfig({ appKeys: ['only-this'] });
    const agent = await onlineAgent(emulator);
    await call(`${chatBase(emulator)}/request.json?v=1&appKey=only-this`, { body: { request: {} } });
    expect(emulator.state.chats.size).toBe(1);
    const reset = await call(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect(emulator.state.chats.size).toBe(0);
    expect(emulator.state.records.requests).toHaveLength(0);
    expect(emulator.config.appKeys).toEqual(['only-this']);
    const availability = await call(`${agent.sessionUrl}/availability.json?v=1`, { headers: agent.headers });
    expect(availability.body.availability.chat).toBe('Online');
  });

  test('config: GET, deep merge with PUT and POST, null switches a survey off, bad input is 400', async ({ emulator }) => {
    const initial = (await call(`${emulator.url}/_emulator/config`)).body;
    expect(initial.agents[0]).toMatchObject({ loginName: 'agent', password: 'agent', nickname: 'Alex', skills: ['Sales'] });
    expect(initial.skills).toEqual([{ id: '1', name: 'Sales' }]);
    expect(initial.appKeys).toEqual(['721c180b09eb463d9f3191c41762bb68']);
    expect(initial.defaultInteractionTimeout).toBe(40);

    const put = await call(`${emulator.url}/_emulator/config`, { method: 'PUT', body: { surveys: { preChat: null }, limits: { maxChats: 3 } } });
    expect(put.status).toBe(200);
    expect(put.body.surveys.preChat).toBeNull();
    expect(put.body.surveys.exit).not.toBeNull();
    expect(put.body.limits).toMatchObject({ maxChats: 3, maxLinesPerChat: initial.limits.maxLinesPerChat });
    const pre = await call(`${chatBase(emulator)}//preSurvey.json?v=1`, { headers: consumerHeaders() });
    expect(pre.status).toBe(204);

    const post = await call(`${emulator.url}/_emulator/config`, { body: { defaultInteractionTimeout: 120 } });
    expect(post.body.defaultInteractionTimeout).toBe(120);
    const chatUrl = await requestChat(emulator);
    expect(emulator.state.chats.get(chatUrl.split('/').pop() ?? '')?.interactionTimeout).toBe(120);

    for (const body of ['{', [], { nope: 1 }, { limits: { maxChats: 0 } }, { agents: [{ loginName: 'x' }] }, { engagement: { skill: 'Ghost' } }, { surveys: { exit: { id: 1 } } }]) {
      const bad = await call(`${emulator.url}/_emulator/config`, { method: 'PUT', body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.internalCode).toBe(5);
    }
    expect(emulator.config.limits.maxChats).toBe(3);
  });
});

test.describe('limits', () => {
  test.use({ emulatorOptions: { config: { limits: { maxChats: 2, maxLinesPerChat: 6 } } } });

  test('chat cap: the oldest ended chat is evicted, else 503', async ({ emulator }) => {
    const first = await requestChat(emulator);
    await requestChat(emulator);
    const full = await call(`${chatBase(emulator)}/request.json?v=1`, { headers: consumerHeaders(), body: { request: {} } });
    expect(full.status).toBe(503);
    expect(full.body.error.message).toMatch(/Too many/);
    await call(`${first}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'state', state: 'ended' } } });
    await requestChat(emulator);
    expect(emulator.state.chats.has(first.split('/').pop() ?? '')).toBe(false);
  });

  test('lines per chat are capped with 400', async ({ emulator }) => {
    const { chatUrl } = await chatting(emulator);
    const send = () => call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'line', text: 'x' } } });
    // 2 system lines (routing, accepted) + 4 visitor lines = the cap of 6.
    for (let i = 0; i < 4; i++) expect((await send()).status).toBe(201);
    const over = await send();
    expect(over.status).toBe(400);
    expect(over.body.error.message).toBe('Too many lines in this chat');
    const end = await call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'state', state: 'ended' } } });
    expect(end.status).toBe(201);
  });
});
