import { expect } from '@open-wc/testing';
import { createChatApi, GLOBAL_APP_KEY, type ChatApiConfig } from '../../src/api/chat-api.js';
import { ChatApiError } from '../../src/api/errors.js';
import { type Answer, empty, engagement, failure, fakeFetch, json, type Recorded, textAnswer } from './fake-fetch.js';

const domain = 'https://va.convep.example.net';
const base = `${domain}/api/account/123/chat`;
const chat = `${base}/H7496712445225055898-608c28f64b1f4d41aeca4188fb95f66fK8388836`;

function setup(answers: Answer[], config: Partial<ChatApiConfig> = {}) {
  const server = fakeFetch(...answers);
  const api = createChatApi({
    account: '123',
    chatDomain: domain,
    fetch: server.fetch,
    retryDelays: [1, 1, 1],
    ...config,
  });
  return { api, requests: server.requests };
}


/** What the tests check of a request: method, URL, override header and body. */
const wire = ({ method, url, headers, json: body }: Recorded) => ({
  method,
  url,
  override: headers.get('X-HTTP-Method-Override'),
  body,
});


describe('createChatApi', () => {
  describe('config', () => {
    it('refuses an invalid account with a config error', () => {
      for (const account of ['', 'has space', 'a-b', 'x'.repeat(21), '12/3']) {
        expect(() => createChatApi({ account }), account)
          .to.throw(ChatApiError)
          .with.property('code', 'config');
      }
      for (const account of [undefined, null, 123]) {
        const config = { account } as unknown as ChatApiConfig;
        expect(() => createChatApi(config), String(account))
          .to.throw(ChatApiError)
          .with.property('code', 'config');
      }
      expect(() => createChatApi({ account: 'Le_12345678901234567' })).to.not.throw();
    });

    it('refuses an unusable csds or chat domain with a config error', () => {
      expect(() => createChatApi({ account: '1', csds: 'ftp://csds.example' }))
        .to.throw(ChatApiError)
        .with.property('code', 'config');
      expect(() => createChatApi({ account: '1', chatDomain: 'ws://chat.example' }))
        .to.throw(ChatApiError)
        .with.property('code', 'config');
    });

    it('takes empty strings (unset attributes) as not given', async () => {
      const server = fakeFetch((request) =>
        request.url.includes('/service/') ? json({ baseURI: 'va.convep.example.net' }) : json({ availability: true }),
      );
      const api = createChatApi({ account: '123', appKey: '', csds: '', chatDomain: '', fetch: server.fetch });
      await api.getAvailability(undefined);
      expect(server.requests.map((request) => request.url)).to.deep.equal([
        'https://api.liveperson.net/api/account/123/service/conversationVep/baseURI.json?version=1.0',
        `${base}/availability.json?v=1&NC=true`,
      ]);
      expect(server.requests[1]!.headers.get('Authorization')).to.equal(`LivePerson appKey=${GLOBAL_APP_KEY}`);
    });

    it('sends the public global appKey by default, or the configured one', async () => {
      const first = setup([json({ availability: true })]);
      await first.api.getAvailability(undefined);
      expect(first.requests[0]!.headers.get('Authorization')).to.equal(`LivePerson appKey=${GLOBAL_APP_KEY}`);
      const second = setup([json({ availability: true })], { appKey: 'own-key' });
      await second.api.getAvailability(undefined);
      expect(second.requests[0]!.headers.get('Authorization')).to.equal('LivePerson appKey=own-key');
    });
  });

  describe('before a chat', () => {
    it('getAvailability: GET availability.json with v=1&NC=true and the skill', async () => {
      const { api, requests } = setup([json({ availability: 'true' })]);
      expect(await api.getAvailability('Sales')).to.equal(true);
      expect(wire(requests[0]!)).to.deep.equal({
        method: 'GET',
        url: `${base}/availability.json?v=1&NC=true&skill=Sales`,
        override: null,
        body: undefined,
      });
    });

    it('getEstimatedWaitTime: GET estimatedWaitTime.json, seconds as a number', async () => {
      const { api, requests } = setup([json({ estimatedWaitTime: '-1' })]);
      expect(await api.getEstimatedWaitTime(undefined)).to.equal(-1);
      expect(requests[0]!.url).to.equal(`${base}/estimatedWaitTime.json?v=1&NC=true`);
    });

    it('getEstimatedWaitTime of a transferred chat: on the account and domain of that chat, through the relay too', async () => {
      const { api, requests } = setup([json({ estimatedWaitTime: '120' }), json({ estimatedWaitTime: '0' })]);
      const transferred = 'https://other.example/api/account/456/chat/T1?from=3';
      expect(await api.getEstimatedWaitTime('Billing', {}, transferred)).to.equal(120);
      expect(requests[0]!.url).to.equal('https://other.example/api/account/456/chat/estimatedWaitTime.json?v=1&NC=true&skill=Billing');
      const viaRelay = setup([json({ estimatedWaitTime: '0' })], { relay: 'https://brand.example/lp-relay', chatDomain: undefined });
      expect(await viaRelay.api.getEstimatedWaitTime(undefined, {}, 'https://brand.example/lp-relay/conversationVep/api/account/456/chat/T1')).to.equal(0);
      expect(viaRelay.requests[0]!.url).to.equal('https://brand.example/lp-relay/conversationVep/api/account/456/chat/estimatedWaitTime.json?v=1&NC=true');
      const odd = await api.getEstimatedWaitTime(undefined, {}, 'https://other.example/chats/T1').catch((e: ChatApiError) => e);
      expect(odd).to.be.instanceOf(ChatApiError).with.property('code', 'malformed');
    });

    it('getPreChatSurvey: GET chat//preSurvey.json (double slash kept) with the skill', async () => {
      const { api, requests } = setup([
        json({
          survey: {
            id: '40216',
            questions: { question: { id: '1', order: '0', type: 'Text Field', label: 'Name?', mandatory: 'true' } },
          },
        }),
      ]);
      const survey = await api.getPreChatSurvey('Sales');
      expect(survey!.questions[0]).to.deep.include({ id: '1', type: 'text', mandatory: true });
      expect(requests[0]!.url).to.equal(`${base}//preSurvey.json?v=1&NC=true&skill=Sales`);
      expect(requests[0]!.headers.get('Authorization')).to.equal(`LivePerson appKey=${GLOBAL_APP_KEY}`);
    });

    it('getOfflineSurvey: GET offlineSurvey.json', async () => {
      const { api, requests } = setup([
        json({ survey: { id: '40290', questions: { question: { id: '2', type: 'Text Area', label: 'Message' } } } }),
      ]);
      expect((await api.getOfflineSurvey(undefined))!.id).to.equal('40290');
      expect(requests[0]!.url).to.equal(`${base}/offlineSurvey.json?v=1&NC=true`);
    });

    it('reads every "no survey" answer as null: 404, empty body, {}, no survey, no questions', async () => {
      const answers = [
        empty(404),
        empty(200),
        json({}),
        json({ other: 1 }),
        json({ survey: { id: '1', questions: { question: [] } } }),
        json({ survey: { id: '1' } }),
      ];
      for (const answer of answers) {
        const { api } = setup([answer]);
        expect(await api.getPreChatSurvey(undefined), String(answer.status)).to.equal(null);
      }
      const exit = setup([json({ error: { message: 'no survey', internalCode: 12 } }, 404)]);
      expect(await exit.api.getExitSurvey(chat)).to.equal(null);
    });

    it('still fails a survey read on other errors', async () => {
      const { api } = setup([empty(401)]);
      expect(await failure(api.getOfflineSurvey(undefined))).to.include({ code: 'unauthorized' });
    });

    it('submitOfflineSurvey: PUT-override offlineSurvey.json with the answers, ids and skill', async () => {
      const { api, requests } = setup([empty(200)]);
      await api.submitOfflineSurvey({
        surveyId: '361346',
        answers: { '4991310': 'natalie', '4991311': ['a', 'b'] },
        engagement,
        skill: 'Support',
      });
      expect(wire(requests[0]!)).to.deep.equal({
        method: 'POST',
        url: `${base}/offlineSurvey.json?v=1&NC=true`,
        override: 'PUT',
        body: {
          survey: {
            id: 361346,
            question: [
              { id: 4991310, answer: 'natalie' },
              { id: 4991311, answer: ['a', 'b'] },
            ],
            LETagVisitorId: 'rloXnVgEQ-iQuoOytvKNqA',
            LETagSessionId: 'rN82d4rATN6EuiA4cJwaPg',
            LETagContextId: '2',
            skill: 'Support',
            userAgent: navigator.userAgent,
          },
        },
      });
    });
  });

  describe('requestChat', () => {
    it('POSTs request.json and answers the Location of the empty 201', async () => {
      const { api, requests } = setup([empty(201, { Location: chat })]);
      const url = await api.requestChat({
        engagement,
        interactionTimeout: 40,
        preChatLines: ['hello'],
        survey: { id: '40216', answers: { '12786273': 'CATS' } },
      });
      expect(url).to.equal(chat);
      expect(wire(requests[0]!)).to.deep.equal({
        method: 'POST',
        url: `${base}/request.json?v=1&NC=true`,
        override: null,
        body: {
          request: {
            skill: 'Sales',
            interactionTimeout: 40,
            language: 'en-US',
            LETagVisitorId: 'rloXnVgEQ-iQuoOytvKNqA',
            LETagSessionId: 'rN82d4rATN6EuiA4cJwaPg',
            LETagContextId: '2',
            engagementId: 27469613,
            campaignId: 26948813,
            preChatLines: { line: ['hello'] },
            survey: { id: 40216, question: [{ id: 12786273, answer: 'CATS' }] },
          },
        },
      });
      expect(requests[0]!.headers.get('Content-Type')).to.equal('application/json');
    });

    it('accepts a 200 with a Location', async () => {
      const { api } = setup([empty(200, { Location: chat })]);
      expect(await api.requestChat({ skill: 'Sales' })).to.equal(chat);
    });

    it('fails as malformed without a Location on the same origin, or on another 2xx', async () => {
      const here = `${location.origin}/api/account/123/chat/H1`;
      for (const answer of [empty(201), json({ chat: {} }, 201), empty(202, { Location: here })]) {
        const { api } = setup([answer], { chatDomain: location.origin });
        expect(await failure(api.requestChat({})), String(answer.status)).to.include({
          code: 'malformed',
          retryable: false,
        });
      }
    });

    it('says a 201 whose Location the browser hides across origins needs the relay', async () => {
      const { api } = setup([empty(201)]);
      const error = await failure(api.requestChat({}));
      expect(error).to.include({ code: 'config', retryable: false });
      expect(error.message).to.contain('relay attribute');
    });

    describe('for a transfer', () => {
      const chatRequestParameters = { a2aEventId: 467, a2aSourceSessionId: 8396550, a2aSourceSiteId: 123, skill: 'Billing' };
      const target = 'https://other.example.net/api/account/654321/chat';

      it("POSTs the a2a-transfer link, with the parameters merged in, and answers the new chat's Location", async () => {
        const { api, requests } = setup([empty(201, { Location: `${target}/T1` })]);
        const url = await api.requestChat({
          userAgent: 'UA',
          transfer: { domain: 'ignored.example.net', remoteSiteId: '654321', chatRequestParameters, link: `${target}/request` },
        });
        expect(url).to.equal(`${target}/T1`);
        expect(wire(requests[0]!)).to.deep.equal({
          method: 'POST',
          url: `${target}/request.json?v=1&NC=true`,
          override: null,
          body: { request: { userAgent: 'UA', ...chatRequestParameters } },
        });
        expect(requests[0]!.headers.get('Authorization')).to.equal(`LivePerson appKey=${GLOBAL_APP_KEY}`);
      });

      it("without the link, POSTs the target domain's chat request URL for the remote account", async () => {
        const { api, requests } = setup([empty(201, { Location: `${target}/T1` })], { appKeyIn: 'query' });
        await api.requestChat({ transfer: { domain: 'other.example.net', remoteSiteId: '654321', chatRequestParameters } });
        expect(requests[0]!.url).to.equal(`${target}/request.json?v=1&NC=true&appKey=${GLOBAL_APP_KEY}`);
      });

      it('sends nothing for a transfer that names no usable target', async () => {
        for (const transfer of [
          { chatRequestParameters },
          { domain: 'other.example.net', chatRequestParameters },
          { domain: 'other.example.net', remoteSiteId: '../1', chatRequestParameters },
          { domain: 'ftp://other.example.net', remoteSiteId: '654321', chatRequestParameters },
        ]) {
          const { api, requests } = setup([empty(201, { Location: `${target}/T1` })]);
          expect(await failure(api.requestChat({ transfer })), JSON.stringify(transfer)).to.include({ code: 'malformed', retryable: false });
          expect(requests).to.have.length(0);
        }
      });

      it('is never sent twice by the transport either', async () => {
        const { api, requests } = setup([empty(502)]);
        const error = await failure(api.requestChat({ transfer: { chatRequestParameters, link: `${target}/request` } }));
        expect(error).to.include({ code: 'server', retryable: true });
        expect(requests).to.have.length(1);
      });
    });

    it('is never sent twice by the transport', async () => {
      const { api, requests } = setup([empty(503)]);
      expect(await failure(api.requestChat({}))).to.include({ code: 'server', retryable: true });
      expect(requests).to.have.length(1);
    });
  });

  describe('in a chat', () => {
    it('getChat: reads the chat URL as .json with v=1&NC=true', async () => {
      const { api, requests } = setup([
        json({
          chat: {
            link: [{ '@href': `${chat}?from=1`, '@rel': 'next' }],
            events: { event: { '@id': '0', '@type': 'state', state: 'waiting', time: 't' } },
            info: { state: 'waiting' },
          },
        }),
      ]);
      const read = await api.getChat(chat);
      expect(requests[0]!.url).to.equal(`${chat}.json?v=1&NC=true`);
      expect(read).to.deep.equal({
        events: [{ type: 'state', id: '0', time: 't', state: 'waiting' }],
        info: { state: 'waiting' },
        links: { next: `${chat}?from=1` },
      });
    });

    it('getChat: re-adds .json and v=1&NC=true to a bare next href, once', async () => {
      const { api, requests } = setup([json({ chat: { link: { '@href': `${chat}?from=5`, '@rel': 'next' } } })]);
      await api.getChat(`${chat}?from=4`);
      await api.getChat(`${chat}.json?from=4&v=1&NC=true`);
      await api.getChat(`${chat}/events?from=4`);
      expect(requests.map((request) => request.url)).to.deep.equal([
        `${chat}.json?from=4&v=1&NC=true`,
        `${chat}.json?from=4&v=1&NC=true`,
        `${chat}/events.json?from=4&v=1&NC=true`,
      ]);
    });

    it('getChat: a 200 without a chat or events object is malformed, worth reading again', async () => {
      const { api } = setup([json({ unexpected: true })]);
      expect(await failure(api.getChat(chat))).to.include({ code: 'malformed', retryable: true });
    });

    it('getChat: makes one attempt on a 5xx, because the poll loop owns retrying', async () => {
      const { api, requests } = setup([empty(503), json({ chat: {} })]);
      expect(await failure(api.getChat(chat))).to.include({ code: 'server', status: 503, retryable: true });
      expect(requests).to.have.length(1);
    });

    it('getInfo: GET info.json', async () => {
      const { api, requests } = setup([
        json({ info: { state: 'chatting', agentName: 'Natalie', agentTyping: 'typing', chatTimeout: 40 } }),
      ]);
      expect(await api.getInfo(chat)).to.deep.equal({
        state: 'chatting',
        agentName: 'Natalie',
        agentTyping: 'typing',
        chatTimeout: 40,
      });
      expect(requests[0]!.url).to.equal(`${chat}/info.json?v=1&NC=true`);
      const bad = setup([json({ state: 'chatting' })]);
      expect(await failure(bad.api.getInfo(chat))).to.include({ code: 'malformed' });
    });

    it('addLine: POST events.json with a plain line, answering the id of the Location', async () => {
      const { api, requests } = setup([empty(201, { Location: `${chat}/events/7` }), empty(201)]);
      expect(await api.addLine(chat, 'hi <b>there</b>')).to.equal('7');
      expect(wire(requests[0]!)).to.deep.equal({
        method: 'POST',
        url: `${chat}/events.json?v=1&NC=true`,
        override: null,
        body: { event: { '@type': 'line', text: 'hi <b>there</b>', textType: 'plain' } },
      });
    });

    it('addLine: a 2xx without the new event location, or with a garbled body, leaves the outcome unknown', async () => {
      const { api } = setup([
        empty(201),
        new Response('<html><body>Service temporarily unavailable</body></html>', {
          status: 200,
          headers: { 'Content-Type': 'text/html' },
        }),
        empty(201, { Location: `${chat}` }),
        new Response('{"ev', { status: 201, headers: { Location: `${chat}/events/9` } }),
      ]);
      for (let i = 0; i < 4; i++) {
        const error = await failure(api.addLine(chat, 'again'));
        expect(error, `answer ${i}`).to.include({ code: 'malformed', retryable: true });
      }
    });

    it('addLine: is not retried, and a 400 says why', async () => {
      const { api, requests } = setup([
        json({ error: { time: 't', message: 'Cannot add line while not in chat', internalCode: 5 } }, 400),
      ]);
      const error = await failure(api.addLine(chat, 'hi'));
      expect(error).to.include({
        code: 'bad-request',
        status: 400,
        internalCode: 5,
        retryable: false,
        message: 'Cannot add line while not in chat',
      });
      expect(requests).to.have.length(1);
    });

    it('endChat: POST events.json with the ended state', async () => {
      const { api, requests } = setup([empty(201, { Location: `${chat}/events/9` })]);
      await api.endChat(chat);
      expect(wire(requests[0]!)).to.deep.equal({
        method: 'POST',
        url: `${chat}/events.json?v=1&NC=true`,
        override: null,
        body: { event: { '@type': 'state', state: 'ended' } },
      });
    });

    it('setVisitorTyping: PUT-override info/visitorTyping.json', async () => {
      const { api, requests } = setup([empty(200)]);
      await api.setVisitorTyping(chat, true);
      await api.setVisitorTyping(chat, false);
      expect(requests.map(wire)).to.deep.equal([
        {
          method: 'POST',
          url: `${chat}/info/visitorTyping.json?v=1&NC=true`,
          override: 'PUT',
          body: { visitorTyping: 'typing' },
        },
        {
          method: 'POST',
          url: `${chat}/info/visitorTyping.json?v=1&NC=true`,
          override: 'PUT',
          body: { visitorTyping: 'not-typing' },
        },
      ]);
    });

    it('setVisitorName: PUT-override info/visitorName.json, 200 or 201', async () => {
      const { api, requests } = setup([empty(201), empty(200)]);
      await api.setVisitorName(chat, 'Natalie');
      await api.setVisitorName(chat, 'Nat');
      expect(wire(requests[0]!)).to.deep.equal({
        method: 'POST',
        url: `${chat}/info/visitorName.json?v=1&NC=true`,
        override: 'PUT',
        body: { visitorName: 'Natalie' },
      });
    });

    it('getExitSurvey: GET exitSurvey.json', async () => {
      const { api, requests } = setup([
        json({
          survey: {
            id: 361348,
            questions: {
              question: {
                id: 4991315,
                order: 0,
                type: 'Radio Button',
                entry: { value: 'yes', displayValue: 'Yes', checked: false },
              },
            },
          },
        }),
      ]);
      const survey = await api.getExitSurvey(chat);
      expect(survey!.questions[0]!.entries).to.deep.equal([
        { value: 'yes', label: 'Yes', checked: false, showLogicIds: [] },
      ]);
      expect(requests[0]!.url).to.equal(`${chat}/exitSurvey.json?v=1&NC=true`);
    });

    it('submitExitSurvey: PUT-override exitSurvey.json with numeric ids', async () => {
      const { api, requests } = setup([empty(200)]);
      await api.submitExitSurvey(chat, '361348', { '4991315': 'yes', '4991311': 'me@me.com', '12': ['a', 'b'] });
      expect(wire(requests[0]!)).to.deep.equal({
        method: 'POST',
        url: `${chat}/exitSurvey.json?v=1&NC=true`,
        override: 'PUT',
        body: {
          survey: {
            id: 361348,
            question: [
              { id: 12, answer: ['a', 'b'] },
              { id: 4991311, answer: 'me@me.com' },
              { id: 4991315, answer: 'yes' },
            ],
          },
        },
      });
    });

    it('requestTranscript: PUT-override transcriptRequest.json with the email', async () => {
      const { api, requests } = setup([empty(200)]);
      await api.requestTranscript(chat, 'visitorEmail@gmail.com');
      expect(wire(requests[0]!)).to.deep.equal({
        method: 'POST',
        url: `${chat}/transcriptRequest.json?v=1&NC=true`,
        override: 'PUT',
        body: { email: 'visitorEmail@gmail.com' },
      });
    });

    it('passes every call its signal', async () => {
      const { api } = setup([json({})]);
      const signal = AbortSignal.abort();
      const errors = await Promise.all(
        [
          api.getChat(chat, { signal }),
          api.getInfo(chat, { signal }),
          api.addLine(chat, 'x', { signal }),
          api.endChat(chat, { signal }),
          api.setVisitorTyping(chat, true, { signal }),
          api.setVisitorName(chat, 'x', { signal }),
          api.getExitSurvey(chat, { signal }),
          api.submitExitSurvey(chat, '1', {}, { signal }),
          api.requestTranscript(chat, 'a@b.c', { signal }),
          api.requestChat({}, { signal }),
          api.getAvailability(undefined, { signal }),
          api.getEstimatedWaitTime(undefined, { signal }),
          api.getPreChatSurvey(undefined, { signal }),
          api.getOfflineSurvey(undefined, { signal }),
          api.submitOfflineSurvey({ surveyId: '1', answers: {} }, { signal }),
        ].map(failure),
      );
      for (const error of errors) expect(error.name).to.equal('AbortError');
    });
  });

  describe('errors', () => {
    it('maps a form-encoded appKey rejection into a readable unauthorized error', async () => {
      const { api } = setup([
        textAnswer(
          'lp_problem=consumer_key_rejected&lp_problem_advice=the appKey is permanently unacceptable to the Service Provider',
          401,
        ),
      ]);
      const error = await failure(api.getAvailability(undefined));
      expect(error).to.be.instanceOf(ChatApiError);
      expect(error).to.include({
        code: 'unauthorized',
        status: 401,
        retryable: false,
        message: 'consumer key rejected: the appKey is permanently unacceptable to the Service Provider',
      });
      expect(error.internalCode).to.equal(undefined);
    });

    it('maps oauth_problem and general_problem texts, keeping a leading sentence', async () => {
      const oauth = setup([
        textAnswer('oauth_problem=token_rejected&oauth_problem_advice=the%20oauth_token%20is%20unacceptable', 403),
      ]);
      expect(await failure(oauth.api.getInfo(chat))).to.include({
        code: 'unauthorized',
        status: 403,
        message: 'token rejected: the oauth_token is unacceptable',
      });
      const general = setup([textAnswer('Bad authorization request. general_problem=unknown_authorization_type', 400)]);
      expect(await failure(general.api.getInfo(chat))).to.include({
        code: 'bad-request',
        message: 'Bad authorization request. unknown authorization type',
      });
    });

    it('maps the JSON error shapes: message and internalCode', async () => {
      const captcha = setup([
        json({ error: { time: '2017-12-06T16:29:45.438-05:00', message: 'Bad captcha', internalCode: 10 } }, 401),
      ]);
      expect(await failure(captcha.api.requestChat({}))).to.include({
        code: 'unauthorized',
        message: 'Bad captcha',
        internalCode: 10,
      });
      const gone = setup([json({ error: { message: 'Chat session not found', internalCode: '12' } }, 404)]);
      expect(await failure(gone.api.getChat(chat))).to.include({
        code: 'not-found',
        status: 404,
        message: 'Chat session not found',
        internalCode: 12,
        retryable: false,
      });
    });

    it('uses a short plain text body, else the status line', async () => {
      const plain = setup([textAnswer('Chat session not found', 404)]);
      expect(await failure(plain.api.getInfo(chat))).to.include({ message: 'Chat session not found' });
      const html = setup([
        new Response('<html><body>Bad Gateway</body></html>', { status: 502, statusText: 'Bad Gateway' }),
      ]);
      expect(await failure(html.api.endChat(chat))).to.include({
        code: 'server',
        message: '502 Bad Gateway',
        retryable: true,
      });
    });

    it('maps each status to its code', async () => {
      const cases: [number, string][] = [
        [400, 'bad-request'],
        [401, 'unauthorized'],
        [403, 'unauthorized'],
        [404, 'not-found'],
        [409, 'bad-request'],
        [429, 'too-many-requests'],
        [500, 'server'],
        [503, 'server'],
      ];
      for (const [status, code] of cases) {
        const { api } = setup([empty(status)]);
        expect(await failure(api.endChat(chat)), String(status)).to.include({ code, status });
      }
    });
  });

  describe('getEngagement', () => {
    it('POSTs create session on msdkgw without the appKey and maps the engagement', async () => {
      const { api, requests } = setup([
        json({ baseURI: 'va.msdkgw.example.net' }),
        json({
          status: 'Available',
          sessionId: 'abc',
          visitorId: 'xyz',
          pageId: '47',
          engagementDetails: { campaignId: '33', engagementId: '35', contextId: '1', skillName: 'TestSkill' },
        }),
      ]);
      const result = await api.getEngagement({
        consumerSections: ['Support'],
        engagementAttributes: [{ type: 'personal', personal: { firstname: 'Sarah' } }],
      });
      expect(result).to.deep.equal({
        status: 'Available',
        sessionId: 'abc',
        visitorId: 'xyz',
        pageId: '47',
        details: { campaignId: '33', engagementId: '35', contextId: '1', skillName: 'TestSkill' },
      });
      expect(requests[0]!.url).to.equal(
        'https://api.liveperson.net/api/account/123/service/msdkgw/baseURI.json?version=1.0',
      );
      const create = requests[1]!;
      expect(create.method).to.equal('POST');
      expect(create.url).to.equal('https://va.msdkgw.example.net/api/account/123/app/engagement/visitors?v=1.0');
      expect(create.headers.has('Authorization')).to.equal(false);
      expect(create.headers.get('Content-Type')).to.equal('application/json');
      const body = create.json as Record<string, unknown>;
      expect(body).to.deep.include({
        appType: 'EXTERNAL',
        consumerSections: ['Support'],
        engagementAttributes: [{ type: 'personal', personal: { firstname: 'Sarah' } }],
      });
      expect(body.appDetails).to.have.property('deviceFamily');
    });

    it('passes the visitor id in the path and the session id as sid on later calls', async () => {
      const { api, requests } = setup([
        json({ baseURI: 'gw.example.net' }),
        json({ status: 'NotAvailable', sessionId: 's 1', visitorId: 'v/1', pageId: '2' }),
      ]);
      expect((await api.getEngagement({ visitorId: 'v/1', sessionId: 's 1' })).status).to.equal('NotAvailable');
      expect(requests[1]!.url).to.equal(
        'https://gw.example.net/api/account/123/app/engagement/visitors/v%2F1?v=1.0&sid=s%201',
      );
    });

    it('answers Pending on any other status, and fails as malformed (retryable) without one', async () => {
      const { api } = setup([json({ baseURI: 'gw.example.net' }), json({ status: 'Waiting', visitorId: 'v', sessionId: 's', pageId: '1' })]);
      expect(await api.getEngagement({})).to.include({ status: 'Pending', visitorId: 'v', sessionId: 's' });
      const garbled = setup([json({ baseURI: 'gw.example.net' }), textAnswer('<html>busy</html>', 200)]);
      expect(await failure(garbled.api.getEngagement({}))).to.include({ code: 'malformed', retryable: true });
    });

    it('maps the App Engagement error entity', async () => {
      const { api } = setup([
        json({ baseURI: 'gw.example.net' }),
        json({ time: 1469543282471, message: 'Illegal Version', internalCode: 33 }, 400),
      ]);
      expect(await failure(api.getEngagement({}))).to.include({
        code: 'bad-request',
        message: 'Illegal Version',
        internalCode: 33,
      });
    });
  });

  describe('updateSession', () => {
    const engaged = {
      status: 'Available' as const,
      visitorId: 'v/1',
      sessionId: 's 1',
      pageId: '4711',
      details: { campaignId: '3115242510', engagementId: '3115242810', contextId: '2', engagementRevision: 537 },
    };

    it('PUTs the impressions (with the engagement they are about) and SDEs to the session, without the appKey', async () => {
      const { api, requests } = setup([json({ baseURI: 'gw.example.net' }), empty(200)]);
      await api.updateSession(engaged, {
        impressions: ['impDisplay', 'impAccept'],
        engagementAttributes: [{ type: 'searchInfo', keywords: ['tents'] }],
      });
      const update = requests[1]!;
      expect(update.method).to.equal('PUT');
      expect(update.url).to.equal('https://gw.example.net/api/account/123/app/engagement/visitors/v%2F1?v=1.0&sid=s%201');
      expect(update.headers.has('Authorization')).to.equal(false);
      expect(update.headers.has('X-HTTP-Method-Override')).to.equal(false);
      const impression = (type: string) => ({
        type,
        campaign: 3115242510,
        engId: 3115242810,
        revision: 537,
        eContext: [{ type: 'engagementContext', id: '2' }],
      });
      expect(update.json).to.deep.equal({
        pageId: '4711',
        impAttributes: [impression('impDisplay'), impression('impAccept')],
        engagementAttributes: [{ type: 'searchInfo', keywords: ['tents'] }],
      });
    });

    it('sends SDEs alone for an engagement without details, and retries a 5xx; a 404 is not-found', async () => {
      const { api, requests } = setup([json({ baseURI: 'gw.example.net' }), empty(503), empty(200)]);
      const { details: _, ...bare } = engaged;
      await api.updateSession(bare, { engagementAttributes: [{ type: 'cart', total: 1, numItems: 1 }] });
      expect(requests.slice(1).map((r) => r.json)).to.deep.equal([
        { pageId: '4711', engagementAttributes: [{ type: 'cart', total: 1, numItems: 1 }] },
        { pageId: '4711', engagementAttributes: [{ type: 'cart', total: 1, numItems: 1 }] },
      ]);
      const gone = setup([json({ baseURI: 'gw.example.net' }), json({ time: 1, message: 'Session not found', internalCode: 12 }, 404)]);
      expect(await failure(gone.api.updateSession(engaged, { impressions: ['impClose'] }))).to.include({ code: 'not-found' });
    });
  });
});
