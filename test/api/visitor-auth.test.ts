import { expect } from '@open-wc/testing';
import { createChatApi, GLOBAL_APP_KEY } from '../../src/api/chat-api.js';
import { isChatApiError } from '../../src/api/errors.js';
import type { ChatApi, Engagement } from '../../src/api/types.js';
import { askHost, authenticate, toVisitorAuthBody, type AuthVault } from '../../src/api/visitor-auth.js';
import { type Answer, engagement, failure, fakeFetch, json, textAnswer } from './fake-fetch.js';

const domain = 'https://va.convep.example.net';
const SSO_KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkYW5hIn0.c2lnbmF0dXJl';

/** An authenticated engagement: its details name a connector. */
const authenticated: Engagement = { ...engagement, details: { ...engagement.details!, connectorId: '568046210' } };

const IDS = { conversationId: '5c9f0e4e-0000-4000-8000-000000000001', participantId: '5c9f0e4e-0000-4000-8000-000000000002' };

function setup(answers: Answer[], relay?: string) {
  const server = fakeFetch(...answers);
  const api = createChatApi({ account: '123', chatDomain: domain, relay, fetch: server.fetch, retryDelays: [1, 1, 1] });
  return { api, requests: server.requests };
}

describe('visitor authentication', () => {
  describe('askHost (the host’s getAuthCode)', () => {
    it('puts the key the host gives in the vault: an implicit-flow JWT, or a code with its redirectUri', async () => {
      const vault: AuthVault = {};
      await askHost(async () => ({ ssoKey: SSO_KEY }), vault);
      expect(vault.key).to.deep.equal({ ssoKey: SSO_KEY });
      await askHost(() => ({ ssoKey: 'k12197', redirectUri: 'https://brand.example/cb', other: 1 }), vault);
      expect(vault.key).to.deep.equal({ ssoKey: 'k12197', redirectUri: 'https://brand.example/cb' });
    });

    it('refuses a host that throws, rejects or gives no key: unauthorized and retryable, the key never in the message', async () => {
      const answers: [string, () => unknown][] = [
        ['no getAuthCode', () => undefined],
        ['null', () => null],
        ['a string', () => SSO_KEY],
        ['an empty key', async () => ({ ssoKey: ' ' })],
        ['a number', async () => ({ ssoKey: 42 })],
        ['a bad redirectUri', async () => ({ ssoKey: SSO_KEY, redirectUri: 7 })],
        ['a throw', () => {
          throw new Error('not signed in');
        }],
        ['a rejection', () => Promise.reject(new Error('token endpoint down'))],
      ];
      for (const [name, getAuthCode] of answers) {
        const vault: AuthVault = {};
        const error = await failure(askHost(getAuthCode, vault));
        expect(isChatApiError(error), name).to.equal(true);
        expect([error.code, error.retryable], name).to.deep.equal(['unauthorized', true]);
        expect(error.message, name).to.match(/^getAuthCode /).and.not.contain(SSO_KEY);
        expect(vault, name).to.deep.equal({});
      }
      const error = await failure(askHost(() => Promise.reject(new Error('not signed in')), {}));
      expect(error.message).to.equal('getAuthCode failed: not signed in');
    });
  });

  it('sends the documented body: the connector, the key, the engagement and its monitoring ids (ids as numbers)', () => {
    expect(toVisitorAuthBody({ engagement: authenticated, ssoKey: SSO_KEY })).to.deep.equal({
      authChatConnId: 568046210,
      ssoKey: SSO_KEY,
      engagementId: 27469613,
      LETagContextId: '2',
      LETagSessionId: 'rN82d4rATN6EuiA4cJwaPg',
      LETagVisitorId: 'rloXnVgEQ-iQuoOytvKNqA',
    });
    expect(toVisitorAuthBody({ engagement: authenticated, ssoKey: 'k1', redirectUri: 'https://brand.example/cb' }).redirectUri).to.equal(
      'https://brand.example/cb',
    );
  });

  describe('createChatApi().authenticateVisitor', () => {
    it('posts to {base}/conversation.json with the appKey, and resolves with the ids of the answer', async () => {
      const { api, requests } = setup([json(IDS, 201, { Location: `${domain}/api/account/123/conversation/${IDS.conversationId}` })]);
      expect(await api.authenticateVisitor!({ engagement: authenticated, ssoKey: SSO_KEY })).to.deep.equal(IDS);
      expect(requests).to.have.length(1);
      const [request] = requests;
      expect([request!.method, request!.url]).to.deep.equal(['POST', `${domain}/api/account/123/conversation.json?v=1&NC=true`]);
      expect(request!.headers.get('Authorization')).to.equal(`LivePerson appKey=${GLOBAL_APP_KEY}`);
      expect(request!.json).to.deep.equal(toVisitorAuthBody({ engagement: authenticated, ssoKey: SSO_KEY }));
    });

    it('goes through the relay, without the appKey', async () => {
      const { api, requests } = setup([json(IDS, 201)], '/lp-relay');
      await api.authenticateVisitor!({ engagement: authenticated, ssoKey: SSO_KEY });
      expect(requests[0]!.url).to.equal(`${location.origin}/lp-relay/conversationVep/api/account/123/conversation.json?v=1&NC=true`);
      expect(requests[0]!.headers.get('Authorization')).to.equal(null);
    });

    it('a refused key (401) is unauthorized and retryable, with the platform’s reason; never sent twice by itself', async () => {
      const body = { error: { time: '…', message: 'Visitor authentication failed: the token has expired', internalCode: 10 } };
      const { api, requests } = setup([json(body, 401)]);
      const error = await failure(api.authenticateVisitor!({ engagement: authenticated, ssoKey: SSO_KEY }));
      expect(isChatApiError(error)).to.equal(true);
      expect([error.code, error.status, error.internalCode, error.retryable]).to.deep.equal(['unauthorized', 401, 10, true]);
      expect(error.message).to.equal('Visitor authentication failed: the token has expired');
      expect(requests).to.have.length(1);

      const server = setup([textAnswer('oops', 503)]);
      const failed = await failure(server.api.authenticateVisitor!({ engagement: authenticated, ssoKey: SSO_KEY }));
      expect([failed.code, failed.retryable, server.requests.length]).to.deep.equal(['server', true, 1]);
    });

    it('a 201 without both ids is malformed', async () => {
      for (const answer of [json({}, 201), json({ conversationId: IDS.conversationId }, 201), new Response(null, { status: 201 })]) {
        const { api } = setup([answer]);
        const error = await failure(api.authenticateVisitor!({ engagement: authenticated, ssoKey: SSO_KEY }));
        expect([isChatApiError(error), error.code]).to.deep.equal([true, 'malformed']);
      }
    });
  });

  describe('authenticate (the machine’s step)', () => {
    it('takes the key out of the vault; with none there (a restored chat) it asks the host again', async () => {
      const sent: unknown[] = [];
      const api = { authenticateVisitor: async (request: unknown) => (sent.push(request), IDS) } as unknown as ChatApi;
      const vault: AuthVault = { key: { ssoKey: 'first' } };
      let asked = 0;
      const getAuthCode = async () => ({ ssoKey: `fresh-${++asked}` });
      expect(await authenticate(api, authenticated, vault, getAuthCode, {})).to.deep.equal(IDS);
      expect(vault).to.deep.equal({});
      await authenticate(api, authenticated, vault, getAuthCode, {});
      expect(sent).to.deep.equal([
        { ssoKey: 'first', engagement: authenticated },
        { ssoKey: 'fresh-1', engagement: authenticated },
      ]);
      expect(vault).to.deep.equal({});
    });

    it('says a ChatApi without authenticateVisitor is a configuration error', async () => {
      const error = await failure(authenticate({} as ChatApi, authenticated, { key: { ssoKey: 'k' } }, () => undefined, {}));
      expect([isChatApiError(error), error.code]).to.deep.equal([true, 'config']);
    });
  });
});
