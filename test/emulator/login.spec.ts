import { ACCOUNT, call, expect, loginAgent, test } from './fixtures.js';
import type { Emulator } from '../../emulator/server.js';

const LOGIN_TIME = /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d\d:\d\d [AP]M$/;
const TOKEN_REJECTED = 'oauth_problem=token_rejected&oauth_problem_advice=the oauth_token is unacceptable to the Service Provider';
const api = (emulator: Emulator, path: string): string => `${emulator.url}/api/account/${ACCOUNT}/${path}`;

test.describe('Login Service', () => {
  for (const version of ['1.3', '1.2']) {
    test(`user login v=${version}: bearer, csrf, config, csds, Session_id cookie`, async ({ emulator }) => {
      const answer = await call(api(emulator, `login?v=${version}`), { body: { username: 'agent', password: 'agent' } });
      expect(answer.status).toBe(200);
      const body = answer.body;
      expect(body.bearer).toMatch(/^[0-9a-f]{64}$/);
      expect(body.csrf).toMatch(/^[0-9a-f]+$/);
      expect(body.wsuk).toMatch(/^\d+$/);
      expect(body.sessionTTl).toBe('28800000');
      expect(body.config).toMatchObject({ loginName: 'agent', userId: '3705342610', isLPA: false, userPrivileges: expect.any(Array) });
      expect(typeof body.config.serverCurrentTime).toBe('number');
      const host = new URL(emulator.url).host;
      expect(body.csdsCollectionResponse.baseURIs).toContainEqual({ account: ACCOUNT, baseURI: host, service: 'agentVep' });
      expect(body.accountData.agentGroupsData.items[0]).toEqual({ id: -1, deleted: false, name: 'Main Group' });
      expect(answer.headers.get('set-cookie')).toMatch(/^Session_id=[0-9a-f]+; Path=\/; HttpOnly$/);
    });
  }

  test('wrong credentials are 401 with responseStatus UNAUTHORIZED; bad requests 400', async ({ emulator }) => {
    for (const credentials of [{ username: 'agent', password: 'nope' }, { username: 'ghost', password: 'agent' }]) {
      const answer = await call(api(emulator, 'login?v=1.3'), { body: credentials });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toEqual({
        time: expect.stringMatching(LOGIN_TIME),
        message: expect.any(String),
        internalCode: 10,
        responseStatus: 'UNAUTHORIZED',
      });
    }
    expect((await call(api(emulator, 'login?v=1.3'), { body: '{' })).status).toBe(400);
    expect((await call(api(emulator, 'login?v=1.3'), { body: { password: 'agent' } })).status).toBe(400);
    expect((await call(api(emulator, 'login?v=9'), { body: { username: 'agent', password: 'agent' } })).status).toBe(400);
    expect((await call(api(emulator, 'login'), { body: { username: 'agent', password: 'agent' } })).status).toBe(400);
  });

  test('application login with appKey and secret for configured bot users', async ({ emulator }) => {
    await emulator.updateConfig({
      agents: [
        { id: '77', loginName: 'bot', password: '', nickname: 'Robo', skills: ['Sales'], maxChats: -1, appKey: 'k1', secret: 's1' },
      ],
    });
    const ok = await call(api(emulator, 'login?v=1.3'), {
      body: { username: 'bot', appKey: 'k1', secret: 's1', accessToken: 't', accessTokenSecret: 'ts' },
    });
    expect(ok.status).toBe(200);
    expect(emulator.state.logins.get(ok.body.bearer)?.method).toBe('appKey');
    const wrong = await call(api(emulator, 'login?v=1.3'), { body: { username: 'bot', appKey: 'k1', secret: 'nope' } });
    expect(wrong.status).toBe(401);
  });

  test('refresh needs the Session_id cookie and the csrf: 200 empty, else 401 CSRF token invalid', async ({ emulator }) => {
    const login = await loginAgent(emulator);
    const ok = await call(api(emulator, 'refresh?v=1.2'), { headers: { Cookie: login.cookie }, body: { csrf: login.csrf } });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    expect((await call(api(emulator, 'refresh'), { headers: { Cookie: login.cookie }, body: { csrf: login.csrf } })).status).toBe(200);

    const attempts: Array<{ headers: Record<string, string>; body: unknown }> = [
      { headers: { Cookie: login.cookie }, body: { csrf: 'forged' } },
      { headers: {}, body: { csrf: login.csrf } },
      { headers: { Cookie: 'Session_id=other' }, body: { csrf: login.csrf } },
      { headers: { Cookie: login.cookie }, body: 'not json' },
    ];
    for (const attempt of attempts) {
      const answer = await call(api(emulator, 'refresh'), attempt);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({ message: expect.stringMatching(/^CSRF token invalid!/), internalCode: 10, responseStatus: 'UNAUTHORIZED' });
      expect(answer.body.error.time).toMatch(LOGIN_TIME);
    }
  });

  test('logout ends the login: the bearer is then rejected with the oauth text body', async ({ emulator }) => {
    const login = await loginAgent(emulator);
    const session = await call(api(emulator, 'agentSession.json?v=1&NC=true'), { headers: login.headers, body: { loginData: '' } });
    expect(session.status).toBe(201);
    const bad = await call(api(emulator, 'logout'), { headers: { Cookie: login.cookie }, body: { csrf: 'x' } });
    expect(bad.status).toBe(401);
    const out = await call(api(emulator, 'logout?v=1.2'), { headers: { Cookie: login.cookie }, body: { csrf: login.csrf } });
    expect(out.status).toBe(200);
    expect(out.text).toBe('');
    const after = await call(api(emulator, 'agentSession.json?v=1'), { headers: login.headers, body: { loginData: '' } });
    expect(after.status).toBe(401);
    expect(after.text).toBe(TOKEN_REJECTED);
    expect(emulator.state.agentSessions.size).toBe(0);
  });

  test('bearer tokens are checked on every Chat Agent API call', async ({ emulator }) => {
    const login = await loginAgent(emulator);
    const session = await call(api(emulator, 'agentSession.json?v=1'), { headers: login.headers, body: { loginData: '' } });
    const sessionUrl = session.body.agentSessionLocation.link['@href'];
    const attempts: Array<Record<string, string>> = [{}, { Authorization: 'Bearer unknown' }, { Authorization: `LivePerson appKey=${login.bearer}` }];
    for (const headers of attempts) {
      const answer = await call(`${sessionUrl}/availability.json?v=1`, { headers });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(answer.text).toBe(TOKEN_REJECTED);
    }
    const otherAccount = await call(sessionUrl.replace(`/account/${ACCOUNT}/`, '/account/42/') + '/availability.json?v=1', { headers: login.headers });
    expect(otherAccount.status).toBe(401);
  });
});
