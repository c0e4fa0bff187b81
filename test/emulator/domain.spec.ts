import { ACCOUNT, call, expect, startTestEmulator, test } from './fixtures.js';

test.describe('Domain API', () => {
  test('answers each service as host:port without a scheme, in the api and csdr forms', async ({ emulator }) => {
    const host = new URL(emulator.url).host;
    for (const prefix of ['api', 'csdr']) {
      for (const service of ['conversationVep', 'msdkgw', 'agentVep', 'acCdnDomain']) {
        const answer = await call(`${emulator.url}/${prefix}/account/${ACCOUNT}/service/${service}/baseURI.json?version=1.0`);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ service, account: ACCOUNT, baseURI: host });
      }
    }
  });

  test('works without .json and ignores unknown parameters', async ({ emulator }) => {
    const answer = await call(`${emulator.url}/api/account/${ACCOUNT}/service/agentVep/baseURI?version=1.0&cb=x&__d=1`);
    expect(answer.status).toBe(200);
    expect(answer.body.service).toBe('agentVep');
  });

  test('lists every service with the csdr all-services form', async ({ emulator }) => {
    const answer = await call(`${emulator.url}/csdr/account/${ACCOUNT}/service/baseURI.json?version=1.0`);
    expect(answer.status).toBe(200);
    const host = new URL(emulator.url).host;
    expect(answer.body.baseURIs).toEqual(
      ['conversationVep', 'msdkgw', 'agentVep', 'acCdnDomain'].map((service) => ({ account: ACCOUNT, baseURI: host, service })),
    );
  });

  test('rejects unknown (case-sensitive) services, bad accounts and a missing version', async ({ emulator }) => {
    const unknown = await call(`${emulator.url}/api/account/${ACCOUNT}/service/ConversationVep/baseURI.json?version=1.0`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ internalCode: 12 });
    expect(typeof unknown.body.error.time).toBe('string');
    expect(typeof unknown.body.error.message).toBe('string');

    const account = await call(`${emulator.url}/api/account/not-valid!/service/agentVep/baseURI.json?version=1.0`);
    expect(account.status).toBe(400);
    const tooLong = await call(`${emulator.url}/api/account/${'1'.repeat(21)}/service/agentVep/baseURI.json?version=1.0`);
    expect(tooLong.status).toBe(400);

    const version = await call(`${emulator.url}/api/account/${ACCOUNT}/service/agentVep/baseURI.json`);
    expect(version.status).toBe(400);
    expect(version.body.error.internalCode).toBe(5);
  });

  test('any well-formed account works', async ({ emulator }) => {
    const answer = await call(`${emulator.url}/api/account/Acc_9/service/msdkgw/baseURI.json?version=1.0`);
    expect(answer.body.account).toBe('Acc_9');
  });
});

test('publicHost is what the Domain API answers and what links point to', async () => {
  const emulator = await startTestEmulator({ publicHost: 'chat.example.test:8443' });
  try {
    const answer = await call(`${emulator.url}/api/account/${ACCOUNT}/service/conversationVep/baseURI.json?version=1.0`);
    expect(answer.body.baseURI).toBe('chat.example.test:8443');
    const chat = await call(`${emulator.url}/api/account/${ACCOUNT}/chat/request.json?v=1`, {
      headers: { Authorization: 'LivePerson appKey=721c180b09eb463d9f3191c41762bb68' },
      body: { request: {} },
    });
    expect(chat.headers.get('location')).toMatch(/^http:\/\/chat\.example\.test:8443\/api\/account\/12345678\/chat\/H\d{19}-[0-9a-f]{32}K\d{7}$/);
  } finally {
    await emulator.close();
  }
});
