import { expect } from '@open-wc/testing';
import { createChatApi, type ChatApiConfig } from '../../src/api/chat-api.js';
import { type Answer, empty, failure, fakeFetch, json, type Recorded } from './fake-fetch.js';

const csds = 'http://localhost:7357';
const lookupUrl = (service: string) => `${csds}/api/account/le123/service/${service}/baseURI.json?version=1.0`;

/** A fake platform: the Domain API on `csds` answering `baseURIs`, anything else answered `{availability:true}`. */
function platform(baseURIs: Record<string, Answer>, config: Partial<ChatApiConfig> = {}) {
  const server = fakeFetch((request: Recorded) => {
    const service = /\/service\/(\w+)\/baseURI\.json/.exec(request.url)?.[1];
    const answer = service ? baseURIs[service] : json({ availability: true });
    if (!answer) return empty(404);
    return typeof answer === 'function' ? answer(request) : answer;
  });
  const api = createChatApi({ account: 'le123', csds, fetch: server.fetch, retryDelays: [1, 1, 1], ...config });
  return { api, requests: server.requests };
}


describe('Domain API lookup', () => {
  it('looks conversationVep up on csds, without the appKey, and takes the csds scheme for a bare baseURI', async () => {
    const { api, requests } = platform({
      conversationVep: json({ service: 'conversationVep', account: 'le123', baseURI: 'localhost:7357' }),
    });
    await api.getAvailability(undefined);
    expect(requests.map((request) => request.url)).to.deep.equal([
      lookupUrl('conversationVep'),
      'http://localhost:7357/api/account/le123/chat/availability.json?v=1&NC=true',
    ]);
    expect(requests[0]!.method).to.equal('GET');
    expect(requests[0]!.headers.has('Authorization')).to.equal(false);
    expect(requests[1]!.headers.has('Authorization')).to.equal(true);
  });

  it('uses https against the default csds', async () => {
    const server = fakeFetch((request) =>
      request.url.includes('/service/') ? json({ baseURI: 'va.convep.example.net' }) : json({ availability: false }),
    );
    const api = createChatApi({ account: 'le123', fetch: server.fetch });
    expect(await api.getAvailability(undefined)).to.equal(false);
    expect(server.requests.map((request) => request.url)).to.deep.equal([
      'https://api.liveperson.net/api/account/le123/service/conversationVep/baseURI.json?version=1.0',
      'https://va.convep.example.net/api/account/le123/chat/availability.json?v=1&NC=true',
    ]);
  });

  it('keeps a baseURI that carries its own scheme', async () => {
    const { api, requests } = platform({ conversationVep: json({ baseURI: 'https://secure.example.net:8443' }) });
    await api.getAvailability(undefined);
    expect(requests[1]!.url).to.equal(
      'https://secure.example.net:8443/api/account/le123/chat/availability.json?v=1&NC=true',
    );
  });

  it('caches each service for the life of the api', async () => {
    const { api, requests } = platform({
      conversationVep: json({ baseURI: 'localhost:7357' }),
      msdkgw: json({ baseURI: 'localhost:7358' }),
    });
    await api.getAvailability(undefined);
    await api.getEstimatedWaitTime(undefined).catch(() => undefined);
    await api.getEngagement({}).catch(() => undefined);
    await api.getEngagement({}).catch(() => undefined);
    const lookups = requests.filter((request) => request.url.includes('/service/')).map((request) => request.url);
    expect(lookups).to.deep.equal([lookupUrl('conversationVep'), lookupUrl('msdkgw')]);
    expect(requests.at(-1)!.url).to.equal('http://localhost:7358/api/account/le123/app/engagement/visitors?v=1.0');
  });

  it('shares one lookup between concurrent calls', async () => {
    const { api, requests } = platform({ conversationVep: json({ baseURI: 'localhost:7357' }) });
    await Promise.all([api.getAvailability('a'), api.getAvailability('b'), api.getAvailability('c')]);
    expect(requests.filter((request) => request.url.includes('/service/'))).to.have.length(1);
    expect(requests).to.have.length(4);
  });

  it('lets one caller abort without failing the others waiting for the same lookup', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { api } = platform({ conversationVep: () => gate.then(() => json({ baseURI: 'localhost:7357' })) });
    const controller = new AbortController();
    const aborted = failure(api.getAvailability(undefined, { signal: controller.signal }));
    const other = api.getAvailability(undefined);
    controller.abort();
    expect((await aborted).name).to.equal('AbortError');
    release();
    expect(await other).to.equal(true);
  });

  it('forgets a failed lookup so the next call asks again', async () => {
    let calls = 0;
    const { api, requests } = platform({
      conversationVep: () => (++calls === 1 ? empty(401) : json({ baseURI: 'localhost:7357' })),
    });
    expect(await failure(api.getAvailability(undefined))).to.include({ code: 'unauthorized', status: 401 });
    expect(await api.getAvailability(undefined)).to.equal(true);
    expect(requests.filter((request) => request.url.includes('/service/'))).to.have.length(2);
  });

  it('retries a lookup after a 5xx like any GET', async () => {
    let calls = 0;
    const { api } = platform({
      conversationVep: () => (++calls === 1 ? empty(503) : json({ baseURI: 'localhost:7357' })),
    });
    expect(await api.getAvailability(undefined)).to.equal(true);
    expect(calls).to.equal(2);
  });

  it('fails as malformed when the answer has no usable baseURI', async () => {
    for (const answer of [
      json({ service: 'conversationVep' }),
      json({ baseURI: 42 }),
      json({ baseURI: 'ftp://x' }),
      empty(200),
    ]) {
      const { api } = platform({ conversationVep: answer });
      expect(await failure(api.getAvailability(undefined))).to.include({ code: 'malformed' });
    }
  });

  it('is skipped for the Server Chat API when chatDomain is set: bare host → https', async () => {
    const { api, requests } = platform({}, { chatDomain: 'lo.convep.example.net' });
    await api.getAvailability(undefined);
    expect(requests.map((request) => request.url)).to.deep.equal([
      'https://lo.convep.example.net/api/account/le123/chat/availability.json?v=1&NC=true',
    ]);
  });

  it('is skipped for the Server Chat API when chatDomain is set: a full URL keeps its scheme', async () => {
    const { api, requests } = platform({}, { chatDomain: 'http://localhost:7357/' });
    await api.getAvailability(undefined);
    expect(requests.map((request) => request.url)).to.deep.equal([
      'http://localhost:7357/api/account/le123/chat/availability.json?v=1&NC=true',
    ]);
  });
});
