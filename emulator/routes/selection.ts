/** The `skill` / `serviceQueue` / `maxWaitTime` / `agent` query parameters of availability-like calls. */
import { badRequest } from '../errors.js';
import type { RequestContext } from '../http.js';
import type { SessionFilter } from '../agent-assignment.js';

export interface Selection {
  /** One filter per requested skill (or one for the agent, or one for the whole account). */
  filters: SessionFilter[];
  /** Requested skills, in order (several `skill` parameters ask for per-skill answers). */
  skills: string[];
  maxWaitTime?: number;
}

function maxWaitTimeParam(ctx: RequestContext): number | undefined {
  const raw = ctx.query.get('maxWaitTime');
  if (raw === null) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > 86_400) badRequest('maxWaitTime must be 0..86400');
  return n;
}

export function selection(ctx: RequestContext, allowAgent: boolean): Selection {
  const account = ctx.params.account;
  const maxWaitTime = maxWaitTimeParam(ctx);
  const agent = ctx.query.get('agent');
  const skills = ctx.query.getAll('skill').filter((s) => s !== '');
  const queue = ctx.query.get('serviceQueue');
  if (queue !== null && maxWaitTime === undefined) badRequest('serviceQueue must be used with maxWaitTime');
  if (agent !== null) {
    if (!allowAgent) badRequest('This value cannot be retrieved per agent');
    if (skills.length > 0 || queue !== null) badRequest('agent cannot be combined with skill or serviceQueue');
    return { filters: [{ account, agentLogin: agent }], skills: [], maxWaitTime };
  }
  if (queue !== null && queue !== '') skills.push(queue);
  if (skills.length === 0) return { filters: [{ account }], skills, maxWaitTime };
  return { filters: skills.map((skill) => ({ account, skill })), skills, maxWaitTime };
}
