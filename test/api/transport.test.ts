import { expect } from '@open-wc/testing';
import { createChatApi, type ChatApiConfig } from '../../src/api/chat-api.js';
import { createHttp } from '../../src/api/http.js';
import { type Answer, empty, failure, fakeFetch, json } from './fake-fetch.js';

/** An api whose platform calls go through a relay at `/lp-relay` on this page's origin. */
function relayed(answers: Answer[], config: Partial<ChatApiConfig> = {}) {
  const server = fakeFetch(...answers);
  const api = createChatApi({ account: '123', relay: '/lp-relay', fetch: server.fetch, retryDelays: [1, 1, 1], ...config });
  return { api, requests: server.requests };
}

const relay = `${location.origin}/lp-relay`;
const upstreamChat = 'https://va.convep.example.net/api/account/123/chat/H1';
const relayedChat = `${relay}/conversationVep/api/account/123/chat/H1`;

describe('relay', () => {
  it('sends every call through the relay, without a Domain API lookup and without the appKey', async () => {
    const { api, requests } = relayed([
      json({ status: 'NotAvailable', sessionId: 's', visitorId: 'v', pageId: 'p' }),
      json({ availability: true }),
    ]);
    await api.getEngagement({});
    await api.getAvailability('Sales');
    expect(requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      `POST ${relay}/msdkgw/api/account/123/app/engagement/visitors?v=1.0`,
      `GET ${relay}/conversationVep/api/account/123/chat/availability.json?v=1&NC=true&skill=Sales`,
    ]);
    for (const request of requests) expect(request.headers.has('Authorization')).to.equal(false);
  });

  it('maps the chat Location and the next links onto the relay', async () => {
    const { api } = relayed([
      empty(201, { Location: upstreamChat }),
      json({ chat: { link: [{ '@rel': 'next', '@href': `${upstreamChat}?from=4` }], events: {}, info: {} } }),
    ]);
    expect(await api.requestChat({})).to.equal(relayedChat);
    expect((await api.getChat(relayedChat)).links.next).to.equal(`${relayedChat}?from=4`);
  });

  it('leaves a link that is on the relay already as it is', async () => {
    const { api } = relayed([
      empty(201, { Location: relayedChat }),
      json({ events: { link: { rel: 'next', href: `${relayedChat}/events?from=2` } } }),
    ]);
    expect(await api.requestChat({})).to.equal(relayedChat);
    expect((await api.getChat(relayedChat)).links.next).to.equal(`${relayedChat}/events?from=2`);
  });

  describe('a transfer to another account', () => {
    const chatRequestParameters = { a2aEventId: 1, a2aSourceSessionId: 2, a2aSourceSiteId: 123, skill: 'Sales' };
    const link = 'http://127.0.0.1:8787/api/account/654321/chat/request';

    it("goes through the relay like every platform URL, and so does the new chat's Location", async () => {
      const { api, requests } = relayed([empty(201, { Location: 'http://127.0.0.1:8787/api/account/654321/chat/T1' })]);
      const url = await api.requestChat({ transfer: { domain: '127.0.0.1:8787', remoteSiteId: '654321', chatRequestParameters, link } });
      expect(requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
        `POST ${relay}/conversationVep/api/account/654321/chat/request.json?v=1&NC=true`,
      ]);
      expect(requests[0]!.headers.has('Authorization')).to.equal(false);
      expect(url).to.equal(`${relay}/conversationVep/api/account/654321/chat/T1`);
    });

    it('builds the chat request URL on the relay when the event has no link', async () => {
      const { api, requests } = relayed([empty(201, { Location: `${relay}/conversationVep/api/account/654321/chat/T1` })]);
      await api.requestChat({ transfer: { domain: 'other.example.net', remoteSiteId: '654321', chatRequestParameters } });
      expect(requests[0]!.url).to.equal(`${relay}/conversationVep/api/account/654321/chat/request.json?v=1&NC=true`);
    });

    it("reports the relay's refusal of an account it does not serve as a configuration error", async () => {
      const refusal = json({ error: { time: 't', message: 'This relay does not serve account 654321', internalCode: 10 } }, 403);
      const { api } = relayed([refusal]);
      const error = await failure(api.requestChat({ transfer: { chatRequestParameters, link } }));
      expect(error).to.include({ code: 'config', status: 403, retryable: false, message: 'Transfer refused: This relay does not serve account 654321' });
      // The relay's own chat request refused the same way is not a transfer: it stays what it is.
      const own = relayed([refusal]);
      expect(await failure(own.api.requestChat({}))).to.include({ code: 'unauthorized' });
    });
  });

  it('takes an absolute relay URL too', async () => {
    const { api, requests } = relayed([json({ availability: false })], { relay: 'https://brand.example/chat-relay/' });
    await api.getAvailability(undefined);
    expect(requests[0]!.url).to.equal('https://brand.example/chat-relay/conversationVep/api/account/123/chat/availability.json?v=1&NC=true');
  });
});

describe('transport details', () => {
  it('sends the appKey as a query parameter when told, and no Authorization header', async () => {
    const server = fakeFetch(json({ availability: true }));
    const api = createChatApi({ account: '123', chatDomain: 'chat.example', appKeyIn: 'query', appKey: 'k9', fetch: server.fetch });
    await api.getAvailability(undefined);
    expect(server.requests[0]!.url).to.equal('https://chat.example/api/account/123/chat/availability.json?v=1&NC=true&appKey=k9');
    expect(server.requests[0]!.headers.has('Authorization')).to.equal(false);
  });

  it('adds a fresh cache-busting __d to every GET, and none to a POST', async () => {
    const server = fakeFetch(json({}), json({}), empty(201));
    const http = createHttp({ appKey: 'k', timeout: 2000, retryDelays: [], fetch: server.fetch });
    const url = 'https://h.example/api/account/1/chat/x.json?v=1';
    await http(url);
    await http(url);
    await http(url, { method: 'post', json: {} });
    const busters = server.requests.map((r) => new URL(r.rawUrl).searchParams.get('__d'));
    expect(busters[0]).to.match(/^[0-9a-z]+$/);
    expect(busters[1]).to.match(/^[0-9a-z]+$/);
    expect(busters[0]).to.not.equal(busters[1]);
    expect(busters[2]).to.equal(null);
  });

  it('retries App Engagement create session after a 5xx (safe to repeat), unlike other POSTs', async () => {
    const server = fakeFetch(
      json({ baseURI: 'gw.example.net' }),
      empty(503),
      json({ status: 'NotAvailable', sessionId: 's', visitorId: 'v', pageId: 'p' }),
    );
    const api = createChatApi({ account: '123', fetch: server.fetch, retryDelays: [1, 1, 1] });
    expect((await api.getEngagement({})).status).to.equal('NotAvailable');
    expect(server.requests.filter((r) => r.method === 'POST')).to.have.length(2);
  });

  it('keeps the Retry-After of a refusal on the error, in ms', async () => {
    const server = fakeFetch(empty(429, { 'Retry-After': '3' }));
    const http = createHttp({ appKey: 'k', timeout: 2000, retryDelays: [], fetch: server.fetch });
    const error = await failure(http('https://h.example/x', { method: 'post', json: {} }));
    expect(error).to.include({ code: 'too-many-requests', retryAfter: 3000, retryable: true });
  });
});

describe('cross-origin refusal', () => {
  // Another origin of the test server itself: reachable, and it sends no CORS headers.
  const other = `http://127.0.0.1:${location.port}`;

  it('reports a blocked cross-origin call to a reachable platform as a configuration error naming the relay', async () => {
    expect(location.hostname).to.equal('localhost');
    const server = fakeFetch(new TypeError('Failed to fetch'));
    const http = createHttp({ appKey: 'k', timeout: 2000, retryDelays: [1, 1, 1], fetch: server.fetch });
    const error = await failure(http(`${other}/api/account/1/chat/availability.json?v=1`));
    expect(server.requests).to.have.length(1, 'a blocked call is not retried: it would be blocked again');
    expect(error.code).to.equal('config');
    expect(error.retryable).to.equal(false);
    expect(error.message).to.contain('relay attribute');
  });

  it('still reports an unreachable platform as a network failure', async () => {
    const server = fakeFetch(new TypeError('Failed to fetch'));
    const http = createHttp({ appKey: 'k', timeout: 2000, retryDelays: [], fetch: server.fetch });
    const error = await failure(http('https://unreachable.example/api/account/1/chat/availability.json'));
    expect(error).to.include({ code: 'network', retryable: true });
  });

  it('never reports a same-origin failure as a cross-origin one', async () => {
    const server = fakeFetch(new TypeError('Failed to fetch'));
    const http = createHttp({ appKey: 'k', timeout: 2000, retryDelays: [], fetch: server.fetch });
    const error = await failure(http(`${location.origin}/nothing-here`));
    expect(error.code).to.equal('network');
  });
});
