/**
 * Who can take a chat: agent sessions, their availability and capacity, skills, what is ringing for
 * whom, and the consumer-facing availability numbers derived from that.
 */
import type { AgentConfig, EmulatorConfig, SkillConfig } from './config.js';
import type { AgentSession, Chat, EmulatorState } from './state.js';

/** A configured skill by name or by id. */
export function findSkill(config: EmulatorConfig, nameOrId: string): SkillConfig | undefined {
  return config.skills.find((s) => s.name === nameOrId) ?? config.skills.find((s) => s.id === nameOrId);
}

export function agentOf(config: EmulatorConfig, session: AgentSession): AgentConfig | undefined {
  return config.agents.find((a) => a.id === session.agentId);
}

/** Chats the session holds and that have not ended. */
export function activeChats(state: EmulatorState, sessionId: string): Chat[] {
  return [...state.chats.values()].filter((c) => c.agent?.sessionId === sessionId && c.state !== 'ended');
}

/** Free chat slots of a session (Infinity for unlimited agents, 0 unless Online). */
export function freeSlots(state: EmulatorState, config: EmulatorConfig, session: AgentSession): number {
  const agent = agentOf(config, session);
  if (!agent || session.availability !== 'Online') return 0;
  if (agent.maxChats < 0) return Infinity;
  return Math.max(0, agent.maxChats - activeChats(state, session.id).length);
}

export interface SessionFilter {
  account: string;
  /** Skill name or id. */
  skill?: string;
  /** Agent login name. */
  agentLogin?: string;
}

/** Online agent sessions of an account, optionally with a skill or for one agent. */
export function onlineSessions(state: EmulatorState, config: EmulatorConfig, filter: SessionFilter): AgentSession[] {
  const skill = filter.skill === undefined ? undefined : findSkill(config, filter.skill);
  if (filter.skill !== undefined && skill === undefined) return [];
  return [...state.agentSessions.values()].filter((session) => {
    if (session.account !== filter.account || session.availability !== 'Online') return false;
    const agent = agentOf(config, session);
    if (!agent) return false;
    if (filter.agentLogin !== undefined && agent.loginName !== filter.agentLogin) return false;
    return skill === undefined || agent.skills.includes(skill.name);
  });
}

/** Whether a ringing chat is offered to this session: same account, Online, right skill (or agent), free slot. */
export function isOfferedTo(state: EmulatorState, config: EmulatorConfig, chat: Chat, session: AgentSession): boolean {
  const ringing = chat.ringing;
  if (ringing === null || chat.state === 'ended' || chat.account !== session.account) return false;
  const agent = agentOf(config, session);
  if (!agent || freeSlots(state, config, session) <= 0) return false;
  if (ringing.agentId !== undefined) return agent.id === ringing.agentId;
  const skill = config.skills.find((s) => s.id === ringing.skillId);
  return skill !== undefined && agent.skills.includes(skill.name);
}

/** Chats ringing for a session, oldest first. */
export function ringingFor(state: EmulatorState, config: EmulatorConfig, session: AgentSession): Chat[] {
  return [...state.chats.values()]
    .filter((chat) => isOfferedTo(state, config, chat, session))
    .sort((a, b) => (a.ringing?.since ?? 0) - (b.ringing?.since ?? 0));
}

/**
 * Consumer availability: with `maxWaitTime=0` an Online agent must have a free slot now; otherwise
 * any Online agent with the skill (or the named agent) makes it true.
 */
export function isAvailable(
  state: EmulatorState,
  config: EmulatorConfig,
  filter: SessionFilter,
  maxWaitTime: number | undefined,
): boolean {
  const sessions = onlineSessions(state, config, filter);
  if (maxWaitTime === 0) return sessions.some((s) => freeSlots(state, config, s) > 0);
  return sessions.length > 0;
}

/** Free slots summed over Online agents; -1 when one of them is unlimited. */
export function availableSlots(state: EmulatorState, config: EmulatorConfig, filter: SessionFilter): number {
  let total = 0;
  for (const session of onlineSessions(state, config, filter)) {
    const free = freeSlots(state, config, session);
    if (free === Infinity) return -1;
    total += free;
  }
  return total;
}

/**
 * Seconds: 0 when an Online agent has a free slot, -1 when no agent is Online, otherwise 60 s per
 * round of chats queued ahead (queue length + 1 divided over the Online agents).
 */
export function estimatedWaitTime(state: EmulatorState, config: EmulatorConfig, filter: SessionFilter): number {
  const sessions = onlineSessions(state, config, filter);
  if (sessions.length === 0) return -1;
  if (sessions.some((s) => freeSlots(state, config, s) > 0)) return 0;
  const skill = filter.skill === undefined ? undefined : findSkill(config, filter.skill);
  const queued = [...state.chats.values()].filter(
    (c) => c.account === filter.account && c.ringing !== null && (skill === undefined || c.ringing.skillId === skill.id),
  ).length;
  return 60 * Math.ceil((queued + 1) / sessions.length);
}
