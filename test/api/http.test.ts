import { expect } from '@open-wc/testing';
import { createHttp, type HttpConfig } from '../../src/api/http.js';
import { type Answer, empty, failure, fakeFetch, json, never } from './fake-fetch.js';

const url = 'https://h.example/api/account/123/chat/x.json?v=1&NC=true';

function setup(answers: Answer[], config: Partial<HttpConfig> = {}) {
  const server = fakeFetch(...answers);
  const http = createHttp({ appKey: 'k1', timeout: 2000, retryDelays: [1, 1, 1], fetch: server.fetch, ...config });
  return { http, requests: server.requests };
}


describe('createHttp', () => {
  describe('headers and bodies', () => {
    it('sends the appKey and Accept on a GET, and no Content-Type without a body', async () => {
      const { http, requests } = setup([json({ a: '1' })]);
      const response = await http(url);
      expect(response).to.deep.equal({ status: 200, location: undefined, body: { a: '1' } });
      const [request] = requests;
      expect(request!.method).to.equal('GET');
      expect(request!.url).to.equal(url);
      expect(request!.headers.get('Authorization')).to.equal('LivePerson appKey=k1');
      expect(request!.headers.get('Accept')).to.equal('application/json');
      expect(request!.headers.has('Content-Type')).to.equal(false);
    });

    it('sends a JSON body with Content-Type on a POST', async () => {
      const { http, requests } = setup([empty(201)]);
      await http(url, { method: 'post', json: { event: { '@type': 'line', text: 'hi' } } });
      expect(requests[0]!.method).to.equal('POST');
      expect(requests[0]!.headers.get('Content-Type')).to.equal('application/json');
      expect(requests[0]!.json).to.deep.equal({ event: { '@type': 'line', text: 'hi' } });
    });

    it('tunnels a PUT as POST + X-HTTP-Method-Override: PUT', async () => {
      const { http, requests } = setup([empty(200)]);
      await http(url, { put: true, json: { visitorTyping: 'typing' } });
      expect(requests[0]!.method).to.equal('POST');
      expect(requests[0]!.headers.get('X-HTTP-Method-Override')).to.equal('PUT');
      expect(requests[0]!.json).to.deep.equal({ visitorTyping: 'typing' });
    });

    it('leaves the appKey out when told (Domain API, App Engagement API)', async () => {
      const { http, requests } = setup([json({})]);
      await http(url, { auth: false });
      expect(requests[0]!.headers.has('Authorization')).to.equal(false);
      expect(requests[0]!.headers.get('Accept')).to.equal('application/json');
    });

    it('reads an empty 201 with a Location, resolving a relative Location', async () => {
      const { http } = setup([
        empty(201, { Location: 'https://h.example/api/account/123/chat/H1' }),
        empty(201, { Location: '/events/7' }),
      ]);
      expect(await http(url, { method: 'post', json: {} })).to.deep.equal({
        status: 201,
        location: 'https://h.example/api/account/123/chat/H1',
        body: undefined,
      });
      expect((await http(url, { method: 'post', json: {} })).location).to.equal('https://h.example/events/7');
    });

    it('reads a 2xx body that is not JSON as no body', async () => {
      const { http } = setup([new Response('<ok/>', { status: 200 })]);
      expect((await http(url)).body).to.equal(undefined);
    });
  });

  describe('retry', () => {
    it('retries a GET after 5xx with the configured pauses, then fails as server', async () => {
      const { http, requests } = setup([empty(503)], { retryDelays: [40, 80, 120] });
      const error = await failure(http(url));
      expect(error).to.include({ name: 'ChatApiError', code: 'server', status: 503, retryable: true });
      expect(requests).to.have.length(4);
      const gaps = requests.slice(1).map((request, index) => request.at - requests[index]!.at);
      expect(gaps[0]).to.be.within(35, 75);
      expect(gaps[1]).to.be.within(75, 115);
      expect(gaps[2]).to.be.within(115, 160);
    });

    it('answers with the first success after 5xx', async () => {
      const { http, requests } = setup([empty(500), empty(502), json({ ok: true })]);
      expect((await http(url)).body).to.deep.equal({ ok: true });
      expect(requests).to.have.length(3);
    });

    it('retries a GET after a network failure', async () => {
      const { http, requests } = setup([new TypeError('Failed to fetch'), json({ ok: true })]);
      expect((await http(url)).body).to.deep.equal({ ok: true });
      expect(requests).to.have.length(2);
    });

    it('never retries a POST or a tunnelled PUT, after 5xx or a network failure', async () => {
      const { http, requests } = setup([empty(503)]);
      expect(await failure(http(url, { method: 'post', json: {} }))).to.include({ code: 'server' });
      expect(await failure(http(url, { put: true, json: {} }))).to.include({ code: 'server' });
      expect(requests).to.have.length(2);
      const offline = setup([new TypeError('Failed to fetch')]);
      expect(await failure(offline.http(url, { method: 'post', json: {} }))).to.include({ code: 'network' });
      expect(offline.requests).to.have.length(1);
    });

    it('never retries a 4xx', async () => {
      for (const status of [400, 401, 403, 404, 451]) {
        const { http, requests } = setup([empty(status)]);
        await failure(http(url));
        expect(requests, String(status)).to.have.length(1);
      }
    });

    it('retries a 429 only after at least 1 s, even with tiny pauses', async () => {
      const { http, requests } = setup([empty(429), json({ ok: true })], { retryDelays: [1] });
      expect((await http(url)).body).to.deep.equal({ ok: true });
      expect(requests[1]!.at - requests[0]!.at).to.be.at.least(990);
    });

    it('honours Retry-After on a 429', async () => {
      const { http, requests } = setup([empty(429, { 'Retry-After': '1.5' }), json({ ok: true })], {
        retryDelays: [1],
      });
      await http(url);
      expect(requests[1]!.at - requests[0]!.at).to.be.at.least(1490);
    });

    it('gives up on a 429 POST at once as too-many-requests, retryable', async () => {
      const { http, requests } = setup([empty(429)]);
      expect(await failure(http(url, { method: 'post', json: {} }))).to.include({
        code: 'too-many-requests',
        status: 429,
        retryable: true,
      });
      expect(requests).to.have.length(1);
    });
  });

  describe('timeouts and aborts', () => {
    it('times a silent server out as timeout, retryable, without retrying', async () => {
      const { http, requests } = setup([never], { timeout: 50 });
      const error = await failure(http(url));
      expect(error).to.include({ name: 'ChatApiError', code: 'timeout', status: 0, retryable: true });
      expect(requests).to.have.length(1);
    });

    it('maps a network TypeError to network, retryable, once the retries are spent', async () => {
      const { http, requests } = setup([new TypeError('Failed to fetch')]);
      const error = await failure(http(url));
      expect(error).to.include({ name: 'ChatApiError', code: 'network', status: 0, retryable: true });
      expect(error.cause).to.be.instanceOf(TypeError);
      expect(requests).to.have.length(4);
    });

    it('passes an abort through as the AbortError, not a ChatApiError', async () => {
      const { http, requests } = setup([never]);
      const controller = new AbortController();
      const pending = failure(http(url, { signal: controller.signal }));
      await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort();
      const error = await pending;
      expect(error.name).to.equal('AbortError');
      expect(requests).to.have.length(1);
    });

    it('passes an abort that came before the call through, and a custom reason unchanged', async () => {
      const { http } = setup([json({})]);
      expect((await failure(http(url, { signal: AbortSignal.abort() }))).name).to.equal('AbortError');
      const reason = new Error('window closed');
      expect(await failure(http(url, { signal: AbortSignal.abort(reason) }))).to.equal(reason);
    });

    it('stops retrying when aborted during a pause', async () => {
      const { http, requests } = setup([empty(503)], { retryDelays: [300, 300, 300] });
      const controller = new AbortController();
      const pending = failure(http(url, { signal: controller.signal }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      expect((await pending).name).to.equal('AbortError');
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(requests).to.have.length(1);
    });
  });
});
