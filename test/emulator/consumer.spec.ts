import {
  ACCOUNT,
  APP_KEY,
  acceptChat,
  agentSays,
  call,
  chatBase,
  chatting,
  consumerHeaders,
  eventList,
  expect,
  onlineAgent,
  requestChat,
  setAvailability,
  test,
  visitorGet,
  waitFor,
} from './fixtures.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/;
const override = { 'X-HTTP-Method-Override': 'PUT' };

test.describe('availability, slots and wait time', () => {
  test.use({ emulatorOptions: { config: { agents: [{ id: '11', loginName: 'solo', password: 'pw', nickname: 'Sam', skills: ['Sales'], maxChats: 1 }] } } });

  test('follow Online agents, their skills and capacity', async ({ emulator }) => {
    const base = chatBase(emulator);
    const get = async (path: string) => (await call(`${base}/${path}`, { headers: consumerHeaders() })).body;

    expect(await get('availability.json?v=1&NC=true')).toEqual({ availability: false });
    expect(await get('availableSlots.json?v=1&skill=Sales')).toEqual({ availableSlots: 0 });
    expect(await get('estimatedWaitTime.json?v=1&skill=Sales')).toEqual({ estimatedWaitTime: -1 });

    const agent = await onlineAgent(emulator, { username: 'solo', password: 'pw' });
    expect(await get('availability.json?v=1&skill=Sales')).toEqual({ availability: true });
    expect(await get('availability.json?v=1&skill=Sales&maxWaitTime=0')).toEqual({ availability: true });
    expect(await get('availability.json?v=1&agent=solo')).toEqual({ availability: true });
    expect(await get('availability.json?v=1&agent=nobody')).toEqual({ availability: false });
    expect(await get('availability.json?v=1&skill=Unknown')).toEqual({ availability: false });
    expect(await get('availableSlots.json?v=1&skill=Sales')).toEqual({ availableSlots: 1 });
    expect(await get('estimatedWaitTime.json?v=1&skill=Sales')).toEqual({ estimatedWaitTime: 0 });

    await requestChat(emulator);
    await acceptChat(agent);
    // Full: available while Online (no maxWaitTime), not with maxWaitTime=0.
    expect(await get('availability.json?v=1&skill=Sales')).toEqual({ availability: true });
    expect(await get('availability.json?v=1&skill=Sales&maxWaitTime=0')).toEqual({ availability: false });
    expect(await get('availableSlots.json?v=1&skill=Sales')).toEqual({ availableSlots: 0 });
    expect((await get('estimatedWaitTime.json?v=1&skill=Sales')).estimatedWaitTime).toBeGreaterThan(0);

    await setAvailability(agent, 'Away');
    expect(await get('availability.json?v=1')).toEqual({ availability: false });
  });

  test('several skills give one answer per skill; bad parameters are 400', async ({ emulator }) => {
    await onlineAgent(emulator, { username: 'solo', password: 'pw' });
    const both = await call(`${chatBase(emulator)}/availability.json?v=1&skill=Sales&skill=Other`, { headers: consumerHeaders() });
    expect(both.body).toEqual({
      availability: { AvailabilityForSkills: { skillAvailability: [{ skill: 'Sales', isAvailable: true }, { skill: 'Other', isAvailable: false }] } },
    });
    for (const query of ['maxWaitTime=-1', 'maxWaitTime=x', 'agent=solo&skill=Sales', 'serviceQueue=Sales']) {
      const answer = await call(`${chatBase(emulator)}/availability.json?v=1&${query}`, { headers: consumerHeaders() });
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.internalCode).toBe(5);
    }
    const perAgent = await call(`${chatBase(emulator)}/estimatedWaitTime.json?v=1&agent=solo`, { headers: consumerHeaders() });
    expect(perAgent.status).toBe(400);
  });
});

test.describe('appKey', () => {
  test('is accepted in the Authorization header (any case) or the appKey query parameter', async ({ emulator }) => {
    const url = `${chatBase(emulator)}/availability.json?v=1`;
    expect((await call(url, { headers: { AUTHORIZATION: `LivePerson appKey=${APP_KEY}` } })).status).toBe(200);
    expect((await call(url, { headers: { authorization: `liveperson appkey=${APP_KEY}` } })).status).toBe(200);
    expect((await call(`${url}&appKey=${APP_KEY}`)).status).toBe(200);
  });

  test('missing or unknown appKey is 401 with the form-encoded text body', async ({ emulator }) => {
    const url = `${chatBase(emulator)}/availability.json?v=1`;
    const attempts: Array<Record<string, string>> = [{}, { Authorization: 'LivePerson appKey=wrong' }, { Authorization: `Bearer ${APP_KEY}` }];
    for (const headers of attempts) {
      const answer = await call(url, { headers });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(answer.text).toBe(
        'lp_problem=consumer_key_rejected&lp_problem_advice=the appKey is permanently unacceptable to the Service Provider',
      );
    }
    expect((await call(`${url}&appKey=wrong`)).status).toBe(401);
  });

  test('keys added in the configuration are accepted', async ({ emulator }) => {
    await call(`${emulator.url}/_emulator/config`, { method: 'PUT', body: { appKeys: [APP_KEY, 'demo'] } });
    expect((await call(`${chatBase(emulator)}/availability.json?v=1&appKey=demo`)).status).toBe(200);
  });
});

test.describe('surveys', () => {
  test('pre-chat survey: documented double-slash URL and single slash, strings for numbers and booleans', async ({ emulator }) => {
    const doubled = await call(`${chatBase(emulator)}//preSurvey.json?v=1&NC=true`, { headers: consumerHeaders() });
    const single = await call(`${chatBase(emulator)}/preSurvey?v=1`, { headers: consumerHeaders() });
    expect(doubled.status).toBe(200);
    expect(single.body).toEqual(doubled.body);
    const survey = doubled.body.survey;
    expect(survey).toMatchObject({ id: '40216', title: '' });
    const questions = survey.questions.question;
    expect(Array.isArray(questions)).toBe(true);
    const types = questions.map((q: any) => q.type);
    expect(types).toEqual(expect.arrayContaining(['Dropdown Box', 'Text Field', 'Checkbox']));
    for (const q of questions) {
      expect(typeof q.id).toBe('string');
      expect(q.mandatory).toMatch(/^(true|false)$/);
      expect(q.order).toMatch(/^\d+$/);
    }
    const dropdown = questions.find((q: any) => q.type === 'Dropdown Box');
    const revealing = dropdown.entry.find((e: any) => e.logic);
    expect(revealing.checked).toBe('false');
    const revealed = questions.find((q: any) => q.logicId === revealing.logic.showLogicId);
    expect(revealed.type).toBe('Text Field');
    expect(questions.find((q: any) => q.label === 'What is your name?').mandatory).toBe('true');
    expect(questions.some((q: any) => q.validationType === 'email')).toBe(true);
  });

  test('exit survey uses real numbers and booleans', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator);
    const answer = await visitorGet(`${chatUrl}/exitSurvey`);
    const survey = answer.body.survey;
    expect(survey.id).toBe(361348);
    const [radio, email, rating] = survey.questions.question;
    expect(radio).toMatchObject({ type: 'Radio Button', id: 4991315, logicId: 1, order: 0, mandatory: false });
    expect(radio.entry[0]).toEqual({ checked: false, value: 'yes', displayValue: 'Yes' });
    expect(email).toMatchObject({ type: 'Text Field', validationType: 'email', lastKnownValue: '' });
    expect(rating.type).toBe('Radio Button (side by side)');
  });

  test('offline survey: single question rendered as an object, one entry and one showLogicId as scalars', async ({ emulator }) => {
    const full = await call(`${chatBase(emulator)}/offlineSurvey.json?v=1`, { headers: consumerHeaders() });
    expect(full.body.survey.questions.question.map((q: any) => q.type)).toEqual(['Text Field', 'Text Field', 'Text Area']);

    await emulator.updateConfig({
      surveys: {
        offline: {
          id: 40290,
          title: '',
          header: 'Send A Message',
          questions: [
            {
              id: 7,
              logicId: 6,
              order: 0,
              type: 'Radio Button',
              label: 'Only one?',
              mandatory: false,
              validationType: 'alpha_numeric',
              entries: [{ value: 'yes', checked: true, showLogicIds: [9] }],
            },
          ],
        },
      },
    });
    const single = await call(`${chatBase(emulator)}/offlineSurvey.json?v=1`, { headers: consumerHeaders() });
    const question = single.body.survey.questions.question;
    expect(Array.isArray(question)).toBe(false);
    expect(question).toMatchObject({ id: '7', mandatory: 'false', order: '0', logicId: '6' });
    expect(question.entry).toEqual({ checked: 'true', value: 'yes', logic: { showLogicId: '9' } });
  });

  test('a switched-off survey answers 204 No Content', async ({ emulator }) => {
    await emulator.updateConfig({ surveys: { preChat: null, offline: null } });
    const pre = await call(`${chatBase(emulator)}//preSurvey.json?v=1`, { headers: consumerHeaders() });
    expect(pre.status).toBe(204);
    expect(pre.text).toBe('');
    expect((await call(`${chatBase(emulator)}/offlineSurvey.json?v=1`, { headers: consumerHeaders() })).status).toBe(204);
  });

  test('offline survey submission is checked and recorded (POST and PUT override)', async ({ emulator }) => {
    const url = `${chatBase(emulator)}/offlineSurvey.json?v=1&NC=true`;
    const body = {
      survey: {
        id: 40290,
        question: [
          { id: 13387458, answer: 'Natalie' },
          { id: 13387459, answer: 'natalie@example.com' },
          { id: 13387460, answer: 'Please call me back' },
        ],
        LETagVisitorId: 'rloXnVgEQ-iQuoOytvKNqA',
        skill: 'Sales',
      },
    };
    const posted = await call(url, { headers: consumerHeaders(), body });
    expect(posted.status).toBe(200);
    expect(posted.text).toBe('');
    const put = await call(url, {
      headers: consumerHeaders(override),
      body: { survey: { id: '40290', question: [{ id: '13387458', value: 'N' }, { id: '13387459', value: 'n@example.com' }, { id: '13387460', value: 'x' }] } },
    });
    expect(put.status).toBe(200);
    expect(emulator.state.records.offlineSurveys).toHaveLength(2);
    expect(emulator.state.records.offlineSurveys[0]).toMatchObject({
      account: ACCOUNT,
      surveyId: '40290',
      answers: { '13387458': ['Natalie'], '13387459': ['natalie@example.com'], '13387460': ['Please call me back'] },
    });

    const badEmail = await call(url, {
      headers: consumerHeaders(),
      body: { survey: { ...body.survey, question: [{ id: 13387458, answer: 'N' }, { id: 13387459, answer: 'nope' }, { id: 13387460, answer: 'x' }] } },
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.message).toMatch(/e-mail/);
    const missing = await call(url, { headers: consumerHeaders(), body: { survey: { id: 40290, question: [{ id: 13387458, answer: 'N' }] } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/mandatory/);
    const shape = await call(url, { headers: consumerHeaders(), body: { survey: 'x' } });
    expect(shape.status).toBe(400);
    expect(emulator.state.records.offlineSurveys).toHaveLength(2);
  });
});

test.describe('chat request', () => {
  test('201 Created, Location of the chat, empty body; the request is recorded', async ({ emulator }) => {
    const request = {
      skill: 'Sales',
      interactionTimeout: 120,
      LETagVisitorId: 'rloXnVgEQ-iQuoOytvKNqA',
      LETagSessionId: 'rN82d4rATN6EuiA4cJwaPg',
      LETagContextId: '2',
      engagementId: 27469613,
      campaignId: 26948813,
      language: 'en-US',
      preChatLines: { line: ['From the pricing page', 'Returning visitor'] },
      survey: {
        id: 40216,
        question: [
          { id: 12786273, answer: 'Something else' },
          { id: 12786274, answer: 'Invoices' },
          { id: 16314710, answer: 'John' },
          { id: 16314712, answer: ['Phone', 'Laptop'] },
        ],
      },
    };
    const answer = await call(`${chatBase(emulator)}/request.json?v=1&NC=true`, { headers: consumerHeaders(), body: { request } });
    expect(answer.status).toBe(201);
    expect(answer.text).toBe('');
    const location = answer.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${emulator.url}/api/account/${ACCOUNT}/chat/H\\d{19}-[0-9a-f]{32}K\\d{7}$`));

    const chat = emulator.state.chats.get(location.split('/').pop() ?? '');
    expect(chat?.request).toMatchObject({
      skill: 'Sales',
      interactionTimeout: 120,
      LETagVisitorId: 'rloXnVgEQ-iQuoOytvKNqA',
      engagementId: '27469613',
      campaignId: '26948813',
      preChatLines: ['From the pricing page', 'Returning visitor'],
      survey: { surveyId: '40216', answers: { '12786273': ['Something else'], '16314712': ['Phone', 'Laptop'] } },
    });

    const info = (await visitorGet(`${location}/info`)).body.info;
    expect(info).toMatchObject({
      state: 'waiting',
      skillName: 'Sales',
      skillId: 1,
      chatTimeout: 120,
      sharkVisitorId: 'rloXnVgEQ-iQuoOytvKNqA',
      sharkSessionId: 'rN82d4rATN6EuiA4cJwaPg',
      sharkContextId: '2',
      engagementId: '27469613',
      campaignId: '26948813',
      language: 'en-US',
      visitorName: 'You',
    });
    expect(info).not.toHaveProperty('agentName');
    expect(info).not.toHaveProperty('agentId');
  });

  test('waiting state, routing line 4, pre-chat lines as system line 0, busy line 2 without agents', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator, { preChatLines: { lines: 'Came from the FAQ' } });
    const events = eventList((await visitorGet(`${chatUrl}/events`)).body.events);
    expect(events.map((e) => [e['@id'], e['@type'], e.state ?? e.systemMessageId])).toEqual([
      ['0', 'state', 'waiting'],
      ['1', 'line', '4'],
      ['2', 'line', '0'],
      ['3', 'line', '2'],
    ]);
    expect(events[0].time).toMatch(ISO);
    expect(events[1]).toEqual({
      '@id': '1',
      '@type': 'line',
      time: expect.stringMatching(ISO),
      textType: 'plain',
      text: 'Thank you for choosing to chat with us. An agent will be with you shortly.',
      by: 'info',
      source: 'system',
      systemMessageId: '4',
      subType: 'REGULAR',
    });
    expect(events[2].text).toBe('Came from the FAQ');

    await onlineAgent(emulator);
    const second = await requestChat(emulator, { preChatLines: ['a', 'b'] });
    // The second chat is rendered with numeric systemMessageIds (wire variants alternate per chat).
    const ids = eventList((await visitorGet(`${second}/events`)).body.events).map((e) => e.systemMessageId ?? e.state);
    expect(ids).toEqual(['waiting', 4, 0, 0]);
  });

  test('invalid requests are 400 with internal code 5', async ({ emulator }) => {
    const url = `${chatBase(emulator)}/request.json?v=1`;
    const cases: unknown[] = [
      '{"request": ',
      '',
      [],
      { request: 'chat please' },
      { skill: 'Sales' },
      { request: { skill: 'Nope' } },
      { request: { interactionTimeout: -5 } },
      { request: { interactionTimeout: 'soon' } },
      { request: { preChatLines: { line: [1, 2] } } },
      { request: { survey: { id: 40216, question: [{ id: 16314710, answer: 'John' }] } } },
      { request: { survey: { id: 1, question: [] } } },
      { request: { LETagVisitorId: { nested: true } } },
    ];
    for (const body of cases) {
      const answer = await call(url, { headers: consumerHeaders(), body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toEqual({ time: expect.stringMatching(ISO), message: expect.any(String), internalCode: 5 });
    }
    expect(emulator.state.chats.size).toBe(0);
  });
});

test.describe('polling', () => {
  test('chat resource: link order, events, info, bare next links', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator);
    const { chat } = (await visitorGet(chatUrl)).body;
    expect(chat.link).toEqual([
      { '@href': chatUrl, '@rel': 'self' },
      { '@href': `${chatUrl}/events`, '@rel': 'events' },
      { '@href': `${chatUrl}/info`, '@rel': 'info' },
      { '@href': `${chatUrl}?from=3`, '@rel': 'next' },
      { '@href': `${chatUrl}/transcriptRequest`, '@rel': 'transcript-request' },
      { '@href': `${chatUrl}/transcriptWithSubjectRequest`, '@rel': 'transcript-with-subject-request' },
      { '@href': `${chatUrl}/exitSurvey`, '@rel': 'exit-survey' },
      { '@href': `${chatUrl}/customVariables`, '@rel': 'custom-variables' },
    ]);
    expect(chat.events.link).toEqual([
      { '@href': `${chatUrl}/events`, '@rel': 'self' },
      { '@href': `${chatUrl}/events?from=3`, '@rel': 'next' },
    ]);
    expect(chat.info.link.map((l: any) => l['@rel'])).toEqual(['self', 'visitor-name', 'visitor-typing', 'agent-typing']);
    expect(chat.info.link[1]['@href']).toBe(`${chatUrl}/info/visitorName`);
    expect(chat.info).toMatchObject({ state: 'waiting', chatSessionKey: chatUrl.split('/').pop(), duration: 0, chatTimeout: 40 });
    expect(typeof chat.info.visitorId).toBe('number');
    expect(typeof chat.info.rtSessionId).toBe('number');
    expect(chat.info.startTime).toMatch(ISO);
  });

  test('an empty poll has no event key, one event is an object, several are an array', async ({ emulator }) => {
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    const first = (await visitorGet(`${chatUrl}/events`)).body.events;
    expect(Array.isArray(first.event)).toBe(true);
    const next = first.link[1]['@href'];
    expect(next).toBe(`${chatUrl}/events?from=${first.event.length}`);

    const empty = (await visitorGet(next)).body.events;
    expect(empty).not.toHaveProperty('event');
    expect(empty.link[1]['@href']).toBe(next);

    await agentSays(agent, agentChatUrl, 'hi');
    const single = (await visitorGet(next)).body.events;
    expect(Array.isArray(single.event)).toBe(false);
    expect(single.event).toMatchObject({ '@type': 'line', text: 'hi', source: 'agent', by: 'Alex' });

    const viaChat = (await visitorGet(`${chatUrl}?from=${single.event['@id']}`)).body.chat;
    expect(viaChat.events.event['@id']).toBe(single.event['@id']);
    const emptyChat = (await visitorGet(viaChat.link[3]['@href'])).body.chat;
    expect(emptyChat.events).not.toHaveProperty('event');
  });

  test('.json suffix and Accept header both select JSON; XML-only Accept is 406', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator);
    const suffix = await call(`${chatUrl}.json?v=1&appKey=${APP_KEY}`);
    const accept = await call(`${chatUrl}?v=1&appKey=${APP_KEY}`, { headers: { Accept: 'application/json' } });
    const neither = await call(`${chatUrl}?appKey=${APP_KEY}`);
    for (const answer of [suffix, accept, neither]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.body.chat.info.state).toBe('waiting');
    }
    const xml = await call(`${chatUrl}?v=1&appKey=${APP_KEY}`, { headers: { Accept: 'application/xml' } });
    expect(xml.status).toBe(406);
    const xmlWithSuffix = await call(`${chatUrl}.json?v=1&appKey=${APP_KEY}`, { headers: { Accept: 'application/xml' } });
    expect(xmlWithSuffix.status).toBe(200);
  });

  test('unknown query parameters are ignored', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator);
    const answer = await call(`${chatUrl}/events.json?v=1&NC=true&__d=12345&whatever=x&from=0`, { headers: consumerHeaders() });
    expect(answer.status).toBe(200);
    expect(eventList(answer.body.events)).toHaveLength(3);
  });

  test('unknown chats and other accounts are 404 "Chat session not found" (12)', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator);
    const unknown = await visitorGet(`${chatBase(emulator)}/H1234`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ message: 'Chat session not found', internalCode: 12 });
    const otherAccount = await visitorGet(chatUrl.replace(`/account/${ACCOUNT}/`, '/account/999/'));
    expect(otherAccount.status).toBe(404);
    for (const suffix of ['/events', '/info', '/info/visitorName', '/exitSurvey']) {
      expect((await visitorGet(`${chatBase(emulator)}/H1234${suffix}`)).status).toBe(404);
    }
  });
});

test.describe('lines and chat state', () => {
  test('a line before the agent accepts is 400 "Cannot add line while not in chat"', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator);
    const answer = await call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'line', text: 'hello?' } } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ message: 'Cannot add line while not in chat', internalCode: 5 });
  });

  test('accept: chatting state and line 3; visitor lines 201 + Location, plain text, by visitor name', async ({ emulator }) => {
    const { chatUrl } = await chatting(emulator);
    const events = eventList((await visitorGet(`${chatUrl}/events?from=2`)).body.events);
    expect(events).toEqual([
      { '@id': '2', '@type': 'state', time: expect.stringMatching(ISO), state: 'chatting' },
      expect.objectContaining({ '@id': '3', systemMessageId: '3', text: 'You are now chatting with Alex.', by: 'info' }),
    ]);
    const info = (await visitorGet(`${chatUrl}/info`)).body.info;
    expect(info).toMatchObject({ state: 'chatting', agentName: 'Alex', agentId: 3705342610 });

    const line = await call(`${chatUrl}/events.json?v=1&NC=true`, {
      headers: consumerHeaders(),
      body: { event: { '@type': 'line', text: '<b>hi</b>', textType: 'html' } },
    });
    expect(line.status).toBe(201);
    expect(line.text).toBe('');
    expect(line.headers.get('location')).toBe(`${chatUrl}/events/4`);
    const added = (await visitorGet(`${chatUrl}/events/4`)).body.event;
    expect(added).toMatchObject({ '@id': '4', text: '<b>hi</b>', textType: 'plain', by: 'You', source: 'visitor', subType: 'REGULAR' });
    expect(added).not.toHaveProperty('systemMessageId');

    const named = await call(`${chatUrl}/info/visitorName.json?v=1`, { headers: consumerHeaders(override), body: { visitorName: 'Natalie' } });
    expect(named.status).toBe(200);
    const again = await call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'line', text: 'again' } } });
    expect((await visitorGet(again.headers.get('location') ?? '')).body.event.by).toBe('Natalie');
  });

  test('bad event bodies are 400', async ({ emulator }) => {
    const { chatUrl } = await chatting(emulator);
    const url = `${chatUrl}/events.json?v=1`;
    for (const body of ['nope', { event: { '@type': 'line' } }, { event: { '@type': 'line', text: '  ' } }, { event: { '@type': 'url' } }, { event: { '@type': 'state', state: 'chatting' } }, { line: 'x' }]) {
      const answer = await call(url, { headers: consumerHeaders(), body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.internalCode).toBe(5);
    }
  });

  test('visitor ends the chat: ended state event, resource still readable, typing then refused', async ({ emulator }) => {
    const { chatUrl } = await chatting(emulator);
    const end = await call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'state', state: 'ended' } } });
    expect(end.status).toBe(201);
    expect(end.headers.get('location')).toBe(`${chatUrl}/events/4`);
    const events = eventList((await visitorGet(`${chatUrl}/events?from=4`)).body.events);
    expect(events).toEqual([{ '@id': '4', '@type': 'state', time: expect.stringMatching(ISO), state: 'ended' }]);
    expect((await visitorGet(`${chatUrl}/info`)).body.info.state).toBe('ended');

    const typing = await call(`${chatUrl}/info/visitorTyping.json?v=1`, { headers: consumerHeaders(override), body: { visitorTyping: 'typing' } });
    expect(typing.status).toBe(400);
    expect(typing.body.error).toMatchObject({ message: "Cannot set visitor's typing status. Chat was ended", internalCode: 5 });
    const line = await call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'line', text: 'x' } } });
    expect(line.status).toBe(400);
    const again = await call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'state', state: 'ended' } } });
    expect(again.status).toBe(400);
  });

  test('visitor name and typing: GET, PUT by override and by real PUT, plain POST is 405', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator);
    expect((await visitorGet(`${chatUrl}/info/visitorName`)).body).toEqual({ visitorName: 'You' });
    expect((await visitorGet(`${chatUrl}/info/visitorTyping`)).body).toEqual({ visitorTyping: 'not-typing' });
    expect((await visitorGet(`${chatUrl}/info/agentTyping`)).body).toEqual({ agentTyping: 'unknown' });

    const real = await call(`${chatUrl}/info/visitorName.json?v=1`, { method: 'PUT', headers: consumerHeaders(), body: { visitorName: 'Kim' } });
    expect(real.status).toBe(200);
    expect((await visitorGet(`${chatUrl}/info/visitorName`)).body).toEqual({ visitorName: 'Kim' });
    const typing = await call(`${chatUrl}/info/visitorTyping.json?v=1`, { headers: consumerHeaders(override), body: { visitorTyping: 'typing' } });
    expect(typing.status).toBe(200);
    expect((await visitorGet(`${chatUrl}/info`)).body.info).toMatchObject({ visitorTyping: 'typing', visitorName: 'Kim' });

    const plainPost = await call(`${chatUrl}/info/visitorTyping.json?v=1`, { headers: consumerHeaders(), body: { visitorTyping: 'typing' } });
    expect(plainPost.status).toBe(405);
    expect(plainPost.headers.get('allow')).toBe('GET, PUT');
    const bad = await call(`${chatUrl}/info/visitorTyping.json?v=1`, { headers: consumerHeaders(override), body: { visitorTyping: 'maybe' } });
    expect(bad.status).toBe(400);
  });

  test('agent typing shows in the visitor info and agentTyping resource', async ({ emulator }) => {
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    expect((await visitorGet(`${chatUrl}/info/agentTyping`)).body).toEqual({ agentTyping: 'not-typing' });
    const set = await call(`${agentChatUrl}/info/agentTyping.json?v=1`, { headers: { ...agent.headers, ...override }, body: { agentTyping: 'typing' } });
    expect(set.status).toBe(201);
    expect((await visitorGet(`${chatUrl}/info/agentTyping`)).body).toEqual({ agentTyping: 'typing' });
    expect((await visitorGet(chatUrl)).body.chat.info.agentTyping).toBe('typing');
  });

  test('the timeout ends a chat nobody polls: line 6 then ended', async ({ emulator }) => {
    await emulator.updateConfig({ timeoutSweepMs: 20 });
    const polled = await requestChat(emulator, { interactionTimeout: 0.4 });
    const unpolled = await requestChat(emulator, { interactionTimeout: 0.4 });
    const unpolledChat = emulator.state.chats.get(unpolled.split('/').pop() ?? '');
    const deadline = Date.now() + 900;
    while (Date.now() < deadline) {
      await visitorGet(`${polled}/info`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(unpolledChat?.state).toBe('ended');
    const events = eventList((await visitorGet(`${unpolled}/events?from=3`)).body.events);
    // Second chat of the run: numeric systemMessageId.
    expect(events.map((e) => e.systemMessageId ?? e.state)).toEqual([6, 'ended']);
    expect(events[0]).toMatchObject({ source: 'system', by: 'info' });
    expect((await visitorGet(`${polled}/info`)).body.info.state).toBe('waiting');
  });

  test('ended chats disappear after the retention time: 404 internal code 12', async ({ emulator }) => {
    await emulator.updateConfig({ timeoutSweepMs: 20, limits: { endedChatRetentionMs: 150 } });
    const { chatUrl } = await chatting(emulator);
    await call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'state', state: 'ended' } } });
    expect((await visitorGet(chatUrl)).status).toBe(200);
    await waitFor(async () => (await visitorGet(chatUrl)).status === 404);
    const gone = await visitorGet(`${chatUrl}/events`);
    expect(gone.body.error).toMatchObject({ message: 'Chat session not found', internalCode: 12 });
  });
});

test.describe('exit survey, transcript, custom variables', () => {
  test('exit survey submission (answer form and structure form) is recorded; invalid is 400', async ({ emulator }) => {
    const { chatUrl } = await chatting(emulator);
    const url = `${chatUrl}/exitSurvey.json?v=1&NC=true`;
    const ok = await call(url, {
      headers: consumerHeaders(override),
      body: { survey: { id: 361348, question: [{ id: 4991315, answer: 'yes' }, { id: 4991311, answer: 'me@example.com' }, { id: 4991316, answer: '5' }] } },
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    const structure = (await visitorGet(`${chatUrl}/exitSurvey`)).body;
    structure.survey.questions.question[0].entry[1].checked = true;
    structure.survey.questions.question[1].lastKnownValue = '';
    const reposted = await call(url, { headers: consumerHeaders(override), body: structure });
    expect(reposted.status).toBe(200);
    expect(emulator.state.records.exitSurveys.map((r) => r.answers)).toEqual([
      { '4991315': ['yes'], '4991311': ['me@example.com'], '4991316': ['5'] },
      { '4991315': ['no'], '4991311': [''], '4991316': [] },
    ]);
    expect(emulator.state.records.exitSurveys[0].chatId).toBe(chatUrl.split('/').pop());

    const wrongChoice = await call(url, { headers: consumerHeaders(override), body: { survey: { id: 361348, question: [{ id: 4991315, answer: 'maybe' }] } } });
    expect(wrongChoice.status).toBe(400);
    const wrongId = await call(url, { headers: consumerHeaders(override), body: { survey: { id: 1, question: [] } } });
    expect(wrongId.status).toBe(400);
    const twoRadios = await call(url, { headers: consumerHeaders(override), body: { survey: { id: 361348, question: [{ id: 4991315, answer: ['yes', 'no'] }] } } });
    expect(twoRadios.status).toBe(400);
  });

  test('transcript requests are checked and recorded', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator);
    const ok = await call(`${chatUrl}/transcriptRequest.json?v=1`, { headers: consumerHeaders(override), body: { email: 'visitor@example.com' } });
    expect(ok.status).toBe(200);
    const withSubject = await call(`${chatUrl}/transcriptWithSubjectRequest.json?v=1`, {
      headers: consumerHeaders(override),
      body: { email: 'v@example.com', subject: 'Our chat' },
    });
    expect(withSubject.status).toBe(200);
    for (const email of ['not-an-email', '', 42, `a@${'.'.repeat(50_000)} `]) {
      const bad = await call(`${chatUrl}/transcriptRequest.json?v=1`, { headers: consumerHeaders(override), body: { email } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.internalCode).toBe(5);
    }
    expect(emulator.state.records.transcripts).toEqual([
      expect.objectContaining({ email: 'visitor@example.com', chatId: chatUrl.split('/').pop(), account: ACCOUNT }),
      expect.objectContaining({ email: 'v@example.com', subject: 'Our chat' }),
    ]);
  });

  test('custom variables are accepted and recorded', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator);
    const many = await call(`${chatUrl}/customVariables.json?v=1`, {
      headers: consumerHeaders(override),
      body: { customVariables: { customVariable: [{ name: 'plan', value: 'gold' }, { name: 'visits', value: 3 }] } },
    });
    expect(many.status).toBe(200);
    const one = await call(`${chatUrl}/customVariables.json?v=1`, {
      headers: consumerHeaders(override),
      body: { customVariables: { customVariable: { name: 'lang', value: 'de' } } },
    });
    expect(one.status).toBe(200);
    expect(emulator.state.records.customVariables.map((r) => r.variables)).toEqual([
      [{ name: 'plan', value: 'gold' }, { name: 'visits', value: '3' }],
      [{ name: 'lang', value: 'de' }],
    ]);
    const bad = await call(`${chatUrl}/customVariables.json?v=1`, { headers: consumerHeaders(override), body: { customVariables: { customVariable: [{ value: 'x' }] } } });
    expect(bad.status).toBe(400);
  });
});
