/**
 * The shapes App Engagement takes: engagement attributes (SDEs, the ten documented types) and the
 * funnel's impression events. Pure checks that return the problems found (an empty list when the
 * entry is well formed), so a route can refuse a whole request at once. Strict on purpose: every
 * documented field with its documented type, nothing else, no `null` for an absent field.
 *
 * Sources: protocol.md §2.3 and LivePerson's "Types of Engagement Attributes" (fields, types, the
 * mandatory ones); impression events from protocol.md §2.2 and the Monitoring API's examples.
 */
import { isObject } from './wire.js';

/** The ten documented SDE types. */
export const SDE_TYPES = ['cart', 'purchase', 'prodView', 'ctmrinfo', 'mrktInfo', 'personal', 'lead', 'service', 'error', 'searchInfo'] as const;
export type SdeType = (typeof SDE_TYPES)[number];

/** The funnel's impression events, sent in `impAttributes` of update session. */
export const IMPRESSION_TYPES = ['impDisplay', 'impAccept', 'impExpanded', 'impClose', 'impTimeout'] as const;
export type ImpressionType = (typeof IMPRESSION_TYPES)[number];

/** A field check: pushes what is wrong with `value` (named `at`) onto `problems`, nothing when it is fine. */
type Check = (value: unknown, at: string, problems: string[]) => void;

interface Field {
  check: Check;
  required?: boolean;
}

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

const string: Check = (value, at, problems) => {
  if (typeof value !== 'string') problems.push(`${at} must be a string, not ${describe(value)}`);
};

const number: Check = (value, at, problems) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${at} must be a number, not ${describe(value)}`);
};

const boolean: Check = (value, at, problems) => {
  if (typeof value !== 'boolean') problems.push(`${at} must be true or false, not ${describe(value)}`);
};

function integer(min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Check {
  return (value, at, problems) => {
    if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
      const range = min === -Number.MAX_SAFE_INTEGER ? '' : max === Number.MAX_SAFE_INTEGER ? ` >= ${min}` : ` from ${min} to ${max}`;
      problems.push(`${at} must be an integer${range}, not ${typeof value === 'number' ? value : describe(value)}`);
    }
  };
}

/** An integer enum the docs also show as a numeric string (`"channel": "1"`). */
function integerOrNumericString(min: number, max: number): Check {
  return (value, at, problems) => {
    const n = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value;
    if (!Number.isSafeInteger(n) || (n as number) < min || (n as number) > max) {
      problems.push(`${at} must be an integer from ${min} to ${max} (or the same as a string)`);
    }
  };
}

function pattern(re: RegExp, what: string): Check {
  return (value, at, problems) => {
    if (typeof value !== 'string' || !re.test(value)) problems.push(`${at} must be ${what}`);
  };
}

function oneOf(values: readonly unknown[]): Check {
  return (value, at, problems) => {
    if (!values.includes(value)) problems.push(`${at} must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
  };
}

function either(...checks: Check[]): Check {
  return (value, at, problems) => {
    const attempts = checks.map((check) => {
      const found: string[] = [];
      check(value, at, found);
      return found;
    });
    if (attempts.every((found) => found.length > 0)) problems.push(attempts.map((found) => found.join(', ')).join(' or '));
  };
}

function object(fields: Record<string, Field>): Check {
  return (value, at, problems) => {
    if (!isObject(value)) {
      problems.push(`${at} must be an object, not ${describe(value)}`);
      return;
    }
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields, key)) problems.push(`${at}.${key} is not a documented field`);
    }
    for (const [key, field] of Object.entries(fields)) {
      if (!Object.hasOwn(value, key)) {
        if (field.required) problems.push(`${at}.${key} is required`);
        continue;
      }
      field.check(value[key], `${at}.${key}`, problems);
    }
  };
}

function arrayOf(item: Check, { min = 0 } = {}): Check {
  return (value, at, problems) => {
    if (!Array.isArray(value)) {
      problems.push(`${at} must be an array, not ${describe(value)}`);
      return;
    }
    if (value.length < min) problems.push(`${at} must have at least ${min} item${min === 1 ? '' : 's'}`);
    value.forEach((entry, i) => item(entry, `${at}[${i}]`, problems));
  };
}

const optional = (check: Check): Field => ({ check });
const required = (check: Check): Field => ({ check, required: true });

/** ISO 4217 code: `USD`. */
const currency = pattern(/^[A-Z]{3}$/, 'a three-letter currency code such as "USD"');

const product = object({
  name: optional(string),
  category: optional(string),
  sku: optional(string),
  price: optional(number),
});

/** `{"product":{…},"quantity":1}` */
const products = arrayOf(object({ product: required(product), quantity: optional(integer(0)) }));

/** `{"day":15,"month":10,"year":2014}`: the docs say it consists of the three. */
const date = object({ day: required(integer(1, 31)), month: required(integer(1, 12)), year: required(integer(1, 9999)) });

const PHONE_TYPES = ['HOME', 'MOBILE', 'WORK', 'FAX', 'MAIN', 'HOME_FAX', 'WORK_FAX', 'PAGER', 'OTHER'];

/** Each SDE type's fields besides `type`. */
const SDE_FIELDS: Record<SdeType, Record<string, Field>> = {
  cart: {
    total: required(number),
    currency: optional(currency),
    numItems: required(integer(0)),
    products: optional(products),
  },
  purchase: {
    total: optional(number),
    currency: optional(currency),
    orderId: optional(string),
    cart: optional(object({ products: required(products), numItems: optional(integer(0)) })),
  },
  prodView: {
    currency: optional(currency),
    products: optional(products),
  },
  ctmrinfo: {
    info: optional(
      object({
        cstatus: optional(string),
        ctype: optional(string),
        customerId: optional(string),
        balance: optional(number),
        currency: optional(currency),
        socialId: optional(string),
        imei: optional(string),
        userName: optional(string),
        companySize: optional(integer(0)),
        companyBranch: optional(string),
        accountName: optional(string),
        role: optional(string),
        lastPaymentDate: optional(date),
        registrationDate: optional(date),
        loginStatus: optional(integer()),
        storeZipCode: optional(string),
        storeNumber: optional(string),
      }),
    ),
  },
  mrktInfo: {
    info: optional(
      object({
        // 0 Direct, 1 Search, 2 Social, 3 Email, 4 Referral: an integer in the table, "1" in the example.
        channel: optional(integerOrNumericString(0, 4)),
        affiliate: optional(string),
        // `campaignId` in the example, `campaignID` in the table.
        campaignId: optional(string),
        campaignID: optional(string),
      }),
    ),
  },
  personal: {
    personal: optional(
      object({
        firstname: optional(string),
        lastname: optional(string),
        age: optional(
          object({
            // 30.0 in the create-session example: a number, not necessarily written as an integer.
            age: optional(either(integer(0, 200), number)),
            year: optional(integer(1, 9999)),
            month: optional(integer(1, 12)),
            day: optional(integer(1, 31)),
          }),
        ),
        contacts: optional(
          arrayOf(
            object({
              email: optional(string),
              phone: optional(string),
              phoneType: optional(oneOf(PHONE_TYPES)),
              address: optional(
                object({
                  country: optional(pattern(/^[A-Z]{2}$/, 'a two-letter upper-case country code such as "US"')),
                  region: optional(string),
                }),
              ),
            }),
          ),
        ),
        // 0 MALE, 1 FEMALE, 2 OTHER in the table; "MALE"/"FEMALE"/"OTHER" in the examples.
        gender: optional(oneOf(['MALE', 'FEMALE', 'OTHER', 0, 1, 2])),
        company: optional(string),
        language: optional(pattern(/^[a-z]{2}(?:[-_][A-Z]{2})?$/, 'a language code such as "en-US"')),
      }),
    ),
  },
  lead: {
    lead: optional(object({ topic: optional(string), value: optional(number), currency: optional(currency), leadId: optional(string) })),
  },
  service: {
    // Status: 0 Complete … 10 Waiting.
    service: optional(object({ topic: optional(string), status: optional(integer(0, 10)), category: optional(string), serviceId: optional(string) })),
  },
  error: {
    error: optional(
      object({
        contextId: optional(string),
        message: optional(string),
        code: optional(string),
        level: optional(integer()),
        resolved: optional(boolean),
      }),
    ),
  },
  searchInfo: {
    keywords: optional(arrayOf(string)),
  },
};

const isSdeType = (type: unknown): type is SdeType => SDE_TYPES.includes(type as SdeType);
export const isImpressionType = (type: unknown): type is ImpressionType => IMPRESSION_TYPES.includes(type as ImpressionType);

/** Problems with one engagement attribute (`at` names it in the messages, e.g. `engagementAttributes[0]`). */
export function sdeProblems(sde: unknown, at: string): string[] {
  if (!isObject(sde)) return [`${at} must be an object, not ${describe(sde)}`];
  const { type } = sde;
  if (isImpressionType(type)) return [`${at} is an impression event (${type}): those go in impAttributes of update session`];
  if (!isSdeType(type)) return [`${at}.type must be one of ${SDE_TYPES.join(', ')}`];
  const problems: string[] = [];
  object({ type: required(string), ...SDE_FIELDS[type] })(sde, at, problems);
  return problems;
}

/** `eContext: [{"type":"engagementContext","id":"1"}]` */
const eContext = arrayOf(object({ type: required(oneOf(['engagementContext'])), id: required(pattern(/^\d{1,19}$/, 'a context id (digits, as a string)')) }), { min: 1 });

const IMPRESSION_BASE: Record<string, Field> = {
  type: required(string),
  campaign: required(integer(0)),
  engId: required(integer(0)),
  revision: required(integer(0)),
};

/** Each impression type's fields: display and accept carry the engagement context, expanded its three flags (null in the example). */
const IMPRESSION_FIELDS: Record<ImpressionType, Record<string, Field>> = {
  impDisplay: { ...IMPRESSION_BASE, eContext: required(eContext) },
  impAccept: { ...IMPRESSION_BASE, eContext: required(eContext) },
  impExpanded: {
    ...IMPRESSION_BASE,
    eContext: optional(eContext),
    expanded: optional(either(oneOf([null]), boolean)),
    userInit: optional(either(oneOf([null]), boolean)),
    actionableItems: optional(either(oneOf([null]), arrayOf(string))),
  },
  impClose: { ...IMPRESSION_BASE, eContext: optional(eContext) },
  impTimeout: { ...IMPRESSION_BASE, eContext: optional(eContext) },
};

/** Problems with one impression event (`at` names it, e.g. `impAttributes[0]`). */
export function impressionProblems(event: unknown, at: string): string[] {
  if (!isObject(event)) return [`${at} must be an object, not ${describe(event)}`];
  if (!isImpressionType(event.type)) return [`${at}.type must be one of ${IMPRESSION_TYPES.join(', ')}`];
  const problems: string[] = [];
  object(IMPRESSION_FIELDS[event.type])(event, at, problems);
  return problems;
}

/** An impression event that passed `impressionProblems`, read. */
export interface Impression {
  type: ImpressionType;
  campaign: number;
  engId: number;
  revision: number;
  /** The `id` of each `eContext` entry (none when it was not sent). */
  contextIds: string[];
}

export function readImpression(event: Record<string, unknown>): Impression {
  const contexts = Array.isArray(event.eContext) ? (event.eContext as Array<{ id: string }>) : [];
  return {
    type: event.type as ImpressionType,
    campaign: event.campaign as number,
    engId: event.engId as number,
    revision: event.revision as number,
    contextIds: contexts.map((c) => c.id),
  };
}
