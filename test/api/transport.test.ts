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
