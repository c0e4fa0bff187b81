import type { Emulator } from '../../emulator/server.js';
import type { SurveyDefinition } from '../../emulator/surveys.js';
import { ACCOUNT, acceptChat, call, chatting, consumerHeaders, expect, onlineAgent, requestChat, test } from './fixtures.js';
import type { OnlineAgent } from './fixtures.js';

// The visit behind an agent chat's `visit-id` link (protocol §3.3 names the link, not its resource):
// what the visitor told before and around the chat, for the agent session that holds it.

const get = (agent: { headers: Record<string, string> }, href: string) => call(`${href}.json?v=1&NC=true`, { headers: agent.headers });

/** The `visit-id` link of an agent chat resource. */
async function visitLink(agent: OnlineAgent, agentChatUrl: string): Promise<string> {
  const links: Array<Record<string, string>> = (await get(agent, agentChatUrl)).body.chat.link;
  return links.find((l) => l['@rel'] === 'visit-id')!['@href'];
}

const SURVEY: SurveyDefinition = {
  id: 5150,
  title: '',
  header: 'Before we start',
  questions: [
    {
      id: 31,
      logicId: 1,
      order: 1,
      type: 'Radio Button',
      label: 'What is it about?',
      mandatory: true,
      validationType: 'alpha_numeric',
      entries: [
        { value: 'ORD', displayValue: 'An order', checked: false },
        { value: 'RET', displayValue: 'A return', checked: false },
      ],
    },
    { id: 30, logicId: 2, order: 0, type: 'Text Field', label: 'Your name', mandatory: true, validationType: 'alpha_numeric' },
    {
      id: 32,
      logicId: 3,
      order: 2,
      type: 'Checkbox',
      label: 'Which products do you own?',
      mandatory: false,
      validationType: 'alpha_numeric',
      entries: [
        { value: 'P', displayValue: 'Phone', checked: false },
        { value: 'T', checked: false },
        { value: 'L', displayValue: 'Laptop', checked: false },
      ],
    },
    { id: 33, logicId: 4, order: 3, type: 'Text Area', label: 'Anything else?', mandatory: false, validationType: 'alpha_numeric' },
  ],
};

const SEARCH = { type: 'searchInfo', keywords: ['tent', 'lamp'] };
const cart = (total: number) => ({ type: 'cart', total, currency: 'USD', numItems: 2, products: [{ product: { name: 'Tent', price: total }, quantity: 1 }] });
const PERSONAL = { type: 'personal', personal: { firstname: 'Jane', lastname: 'Doe', contacts: [{ email: 'jane@example.com' }] } };

/** An App Engagement session with SDEs at create and at an update; its ids, as a chat request carries them. */
async function engagementSession(emulator: Emulator, create: unknown[], update: unknown[] = []) {
  const visitors = `${emulator.url}/api/account/${ACCOUNT}/app/engagement/visitors`;
  const created = await call(`${visitors}?v=1.0`, { body: { appType: 'EXTERNAL', engagementAttributes: create } });
  expect(created.status, created.text).toBe(200);
  const { visitorId, sessionId, pageId } = created.body;
  if (update.length > 0) {
    const updated = await call(`${visitors}/${visitorId}?v=1.0&sid=${sessionId}`, {
      method: 'PUT',
      body: { pageId, engagementAttributes: update },
    });
    expect(updated.status, updated.text).toBe(200);
  }
  return { LETagVisitorId: visitorId as string, LETagSessionId: sessionId as string };
}

test('the visit: pre-chat answers labelled from the survey served, the session\'s SDEs (latest of each type), the name', async ({ emulator }) => {
  await emulator.updateConfig({ surveys: { preChat: SURVEY } });
  const agent = await onlineAgent(emulator);
  const ids = await engagementSession(emulator, [SEARCH, cart(10)], [cart(13), PERSONAL]);
  const chatUrl = await requestChat(emulator, {
    ...ids,
    survey: {
      id: 5150,
      question: [
        { id: 31, answer: 'RET' },
        { id: 30, answer: ' Jane ' },
        { id: 32, answer: ['L', 'T'] },
        { id: 33, answer: '' },
      ],
    },
  });
  await call(`${chatUrl}/info/visitorName.json?v=1`, { headers: consumerHeaders({ 'X-HTTP-Method-Override': 'PUT' }), body: { visitorName: 'Jane' } });
  // The labels are those of the survey the visitor answered, whatever is configured by the time an agent reads them.
  await emulator.updateConfig({ surveys: { preChat: null } });
  const agentChatUrl = await acceptChat(agent);

  const href = await visitLink(agent, agentChatUrl);
  const chat = emulator.state.chats.get(chatUrl.split('/').pop()!)!;
  expect(href).toBe(`${agent.sessionUrl}/visits/visit/${chat.visitorId}`);
  const answer = await get(agent, href);
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body).toEqual({
    visit: {
      link: { '@href': href, '@rel': 'self' },
      '@id': String(chat.visitorId),
      chatSessionKey: chat.id,
      visitorName: 'Jane',
      preChatSurvey: {
        id: '5150',
        question: [
          { id: '30', label: 'Your name', type: 'Text Field', answer: [{ value: 'Jane', label: 'Jane' }] },
          { id: '31', label: 'What is it about?', type: 'Radio Button', answer: [{ value: 'RET', label: 'A return' }] },
          {
            id: '32',
            label: 'Which products do you own?',
            type: 'Checkbox',
            answer: [
              { value: 'L', label: 'Laptop' },
              { value: 'T', label: 'T' },
            ],
          },
        ],
      },
      engagementAttributes: [SEARCH, cart(13), PERSONAL],
    },
  });
});

test('a chat without pre-chat answers or an engagement session: empty lists and the default name', async ({ emulator }) => {
  const { agent, agentChatUrl } = await chatting(emulator);
  const visit = (await get(agent, await visitLink(agent, agentChatUrl))).body.visit;
  expect(visit).toMatchObject({ visitorName: 'visitor', preChatSurvey: { question: [] }, engagementAttributes: [] });
  expect(visit.preChatSurvey).not.toHaveProperty('id');
  expect(visit).not.toHaveProperty('authenticatedVisitor');

  // Ids of a session the platform does not know, or of another visitor's session: no SDEs either.
  const { LETagSessionId } = await engagementSession(emulator, [cart(10)]);
  for (const ids of [{ LETagSessionId: 'unknown', LETagVisitorId: 'nobody' }, { LETagSessionId, LETagVisitorId: 'somebody-else' }]) {
    await requestChat(emulator, ids);
    const other = await acceptChat(agent);
    expect((await get(agent, await visitLink(agent, other))).body.visit.engagementAttributes).toEqual([]);
  }
});

test('only the agent session holding the chat reads its visit: others get 404 as for a chat not theirs', async ({ emulator }) => {
  await emulator.updateConfig({
    skills: [
      { id: '1', name: 'Sales' },
      { id: '2', name: 'Support' },
    ],
    agents: [
      { id: '101', loginName: 'agent', password: 'agent', nickname: 'Alex', skills: ['Sales'], maxChats: 4 },
      { id: '102', loginName: 'sam', password: 'sam', nickname: 'Sam', skills: ['Support'], maxChats: 4 },
    ],
  });
  const { agent: alex, agentChatUrl } = await chatting(emulator, await engagementSession(emulator, [cart(10)]));
  const href = await visitLink(alex, agentChatUrl);
  expect((await get(alex, href)).status).toBe(200);

  // Another session of the same agent, on its own URL.
  const second = await onlineAgent(emulator);
  const inSecond = href.replace(alex.sessionUrl, second.sessionUrl);
  const refused = await get(second, inSecond);
  expect(refused.status).toBe(404);
  expect(refused.body).toEqual({ error: { time: expect.any(String), message: 'Visit not found', internalCode: 12 } });
  // Another agent on the holder's URL: not that agent's session.
  const sam = await onlineAgent(emulator, { username: 'sam', password: 'sam' });
  expect((await get(sam, href)).body.error).toMatchObject({ message: 'Agent session not found', internalCode: 12 });
  // A visit id no chat of this session has.
  expect((await get(alex, href.replace(/\/visit\/\d+$/, '/visit/1'))).status).toBe(404);

  // After a transfer the visit is the new holder's, no longer the former one's.
  const transferred = await call(`${agentChatUrl}/transfer.json?v=1`, { headers: alex.headers, body: { transfer: { skill: { id: 2 } } } });
  expect(transferred.status).toBe(200);
  expect((await get(alex, href)).status).toBe(404);
  const samChatUrl = await acceptChat(sam);
  const samHref = await visitLink(sam, samChatUrl);
  expect(samHref).toBe(href.replace(alex.sessionUrl, sam.sessionUrl));
  expect((await get(sam, samHref)).body.visit.engagementAttributes).toEqual([cart(10)]);
  expect((await call(`${samHref}.json?v=1`, { method: 'POST', headers: sam.headers, body: {} })).status).toBe(405);
});

test('an authenticated visitor: the visit carries the identity chat info shows the agent', async ({ emulator }) => {
  const CONNECTOR = '568046210';
  await emulator.updateConfig({
    engagement: { status: 'Available', connectorId: CONNECTOR },
    authentication: { codes: [{ code: 'k12197', claims: { sub: 'customer-7', given_name: 'Dana', email: 'dana@example.com', tier: 'gold' } }] },
  });
  const created = await call(`${emulator.url}/api/account/${ACCOUNT}/app/engagement/visitors?v=1.0`, {
    body: { appType: 'EXTERNAL', engagementAttributes: [PERSONAL] },
  });
  const { visitorId, sessionId, engagementDetails: details } = created.body;
  const ids = { LETagContextId: details.contextId, LETagSessionId: sessionId, LETagVisitorId: visitorId };
  const authenticated = await call(`${emulator.url}/api/account/${ACCOUNT}/conversation.json?v=1&NC=true`, {
    headers: consumerHeaders(),
    body: { authChatConnId: details.connectorId, ssoKey: 'k12197', engagementId: Number(details.engagementId), ...ids },
  });
  expect(authenticated.status, authenticated.text).toBe(201);
  const { agent, agentChatUrl } = await chatting(emulator, { ...ids, engagementId: details.engagementId, ...authenticated.body });

  const info = (await get(agent, `${agentChatUrl}/info`)).body.info;
  const visit = (await get(agent, await visitLink(agent, agentChatUrl))).body.visit;
  expect(visit.authenticatedVisitor).toEqual({ sub: 'customer-7', given_name: 'Dana', email: 'dana@example.com' });
  expect(visit.authenticatedVisitor).toEqual(info.authenticatedVisitor);
  expect(visit.engagementAttributes).toEqual([PERSONAL]);
});
