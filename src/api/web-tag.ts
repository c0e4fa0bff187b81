import type { Engagement } from './types.js';

/**
 * What LivePerson's Web Tag passes to an API-based window's JS method when the visitor clicks its
 * engagement (the monitored flow): the monitoring visitor, session and context ids, the engagement,
 * its campaign, language and skill, and for an authenticated engagement its connector.
 */
export interface WebTagData {
  svid?: string;
  ssid?: string;
  scid?: string | number;
  eid?: string | number;
  cid?: string | number;
  lang?: string;
  skill?: string;
  connector?: { id?: string | number };
}

const text = (value: unknown): string | undefined =>
  value == null || typeof value === 'object' || value === '' ? undefined : String(value);

/** The engagement the Web Tag handed over, as the window uses an App Engagement one. */
export function toWebTagEngagement(data: unknown): Engagement {
  const { svid, ssid, scid, eid, cid, lang, skill, connector } = ((typeof data === 'object' && data) || {}) as Record<keyof WebTagData, unknown>;
  return JSON.parse(
    JSON.stringify({
      status: 'Available',
      visitorId: text(svid) ?? '',
      sessionId: text(ssid) ?? '',
      pageId: '',
      details: {
        campaignId: text(cid) ?? '',
        engagementId: text(eid) ?? '',
        contextId: text(scid) ?? '',
        language: text(lang),
        skillName: text(skill),
        connectorId: text((connector as WebTagData['connector'])?.id),
      },
    }),
  );
}
