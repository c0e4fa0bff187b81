/**
 * The visit resource an agent reaches through its chat's `visit-id` link
 * (`…/agentSession/{sid}/visits/visit/{visitId}`): what the visitor told before and around the chat.
 * The docs name the link but give no shape for its resource, so this one is the emulator's own, in the
 * API's XML-shaped style: the pre-chat survey answers labelled from the survey the visitor was
 * served, the engagement attributes of the visitor's App Engagement session, the visitor's name and,
 * for an authenticated visitor, the identity chat info shows the agent. Its lists are always arrays,
 * empty ones included (no XML original to follow, and one shape is simpler to read).
 */
import type { Chat, EmulatorState } from './state.js';
import { isObject, link } from './wire.js';

/**
 * The engagement attributes of the App Engagement session a chat request named (`LETagSessionId`,
 * and `LETagVisitorId` when sent, of the chat's account): each type once, its latest report, in the
 * order the types were first reported. None when the chat named no session or the session is gone.
 */
export function visitAttributes(state: EmulatorState, chat: Chat): unknown[] {
  const { LETagSessionId: sessionId, LETagVisitorId: visitorId } = chat.request;
  if (sessionId === undefined) return [];
  const session = state.engagementSessions.get(`${chat.account}/${sessionId}`);
  if (!session || (visitorId !== undefined && session.visitorId !== visitorId)) return [];
  const byType = new Map<unknown, unknown>();
  for (const sde of session.engagementAttributes) if (isObject(sde)) byType.set(sde.type, sde);
  return [...byType.values()];
}

/** `{"visit":{…}}` for the chat this visit is about; `href` is the resource's own address. */
export function renderVisit(state: EmulatorState, chat: Chat, href: string): { visit: Record<string, unknown> } {
  const { survey, authentication } = chat.request;
  return {
    visit: {
      link: link(href, 'self'),
      '@id': String(chat.visitorId),
      chatSessionKey: chat.id,
      visitorName: chat.visitorName ?? 'visitor',
      preChatSurvey: {
        ...(survey ? { id: survey.surveyId } : {}),
        question: (survey?.questions ?? []).map((q) => ({
          id: q.id,
          ...(q.label === undefined ? {} : { label: q.label }),
          ...(q.type === undefined ? {} : { type: q.type }),
          answer: q.answers.map((a) => ({ value: a.value, label: a.label })),
        })),
      },
      engagementAttributes: visitAttributes(state, chat),
      ...(authentication ? { authenticatedVisitor: { ...authentication.identity } } : {}),
    },
  };
}
