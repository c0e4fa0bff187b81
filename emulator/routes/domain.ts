/**
 * Domain API (CSDS): which host serves each service. Every service is this emulator, answered as its
 * public `host:port` without a scheme (clients keep the scheme of the Domain API URL they called).
 */
import { badRequest, notFound } from '../errors.js';
import { json } from '../http.js';
import type { RequestContext } from '../http.js';
import { ACCOUNT } from '../router.js';
import type { Route } from '../router.js';

/** Service names are case sensitive, as on the platform. */
export const SERVICES = ['conversationVep', 'msdkgw', 'agentVep', 'acCdnDomain'] as const;

function checkVersion(ctx: RequestContext): void {
  if (ctx.query.get('version') !== '1.0') badRequest('Unsupported or missing version, expected version=1.0');
}

export function baseURIs(account: string, publicHost: string): Array<{ account: string; baseURI: string; service: string }> {
  return SERVICES.map((service) => ({ account, baseURI: publicHost, service }));
}

function one(ctx: RequestContext) {
  checkVersion(ctx);
  const { account, service } = ctx.params;
  if (!(SERVICES as readonly string[]).includes(service)) notFound(`Service ${service} not found for account ${account}`);
  return json(200, { service, account, baseURI: ctx.runtime.publicHost });
}

function all(ctx: RequestContext) {
  checkVersion(ctx);
  return json(200, { baseURIs: baseURIs(ctx.params.account, ctx.runtime.publicHost) });
}

export const domainRoutes: Route[] = [
  { name: 'domain.service', methods: ['GET'], pattern: new RegExp(`^/(?:api|csdr)/account/${ACCOUNT}/service/(?<service>[^/]+)/baseURI$`), handle: one },
  { name: 'domain.services', methods: ['GET'], pattern: new RegExp(`^/(?:api|csdr)/account/${ACCOUNT}/service/baseURI$`), handle: all },
];
