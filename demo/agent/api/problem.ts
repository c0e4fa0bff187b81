import { AgentApiError } from '../../../emulator/bot/agent-client.js';

/** A failed call, in the terms the console acts on. */
export interface Problem {
  /** For the agent: the platform's own message when it sent one. */
  message: string;
  /** The chat or agent session is gone (404): reading it again will not help. */
  gone: boolean;
  /** The login is no longer accepted (401). */
  unauthorized: boolean;
}

/** The message of a LivePerson error body: `{"error":{"message":…}}` or `oauth_problem=…` text. */
function platformMessage(body: string): string | undefined {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string' && message.trim()) return message.trim();
  } catch {
    const problem = /(?:oauth|lp)_problem=([^&]+)/.exec(body)?.[1];
    if (problem) return decodeURIComponent(problem).replace(/_/g, ' ');
  }
  return undefined;
}

export function problemOf(error: unknown): Problem {
  if (error instanceof AgentApiError) {
    const said = platformMessage(error.body);
    const message =
      said ??
      (error.status === 0
        ? 'The platform could not be reached.'
        : error.status < 300
          ? 'The platform answered something the console cannot read.'
          : `The platform answered ${error.status}.`);
    return { message, gone: error.status === 404, unauthorized: error.status === 401 };
  }
  return { message: error instanceof Error ? error.message : String(error), gone: false, unauthorized: false };
}
