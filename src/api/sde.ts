/**
 * Engagement attributes (SDEs): the documented types a brand reports about its visitor (LivePerson's
 * "Types of engagement attributes"), sent as they are with App Engagement create and update session.
 * `checkAttributes` refuses malformed entries before they go, so one bad entry cannot make the
 * platform refuse the rest.
 */

/** A calendar date, as SDEs carry it. */
export interface SdeDate {
  day: number;
  month: number;
  year: number;
}

/** A product line of a cart, a purchase or a product view. */
export interface SdeProduct {
  product: { name?: string; category?: string; sku?: string; price?: number };
  quantity?: number;
}

/** Cart update: what the visitor's cart holds. (Currencies are three letters: `USD`.) */
export interface CartAttribute {
  type: 'cart';
  total: number;
  numItems: number;
  currency?: string;
  products?: SdeProduct[];
}

/** Transaction: a purchase, deposit or other money transaction. */
export interface PurchaseAttribute {
  type: 'purchase';
  total?: number;
  currency?: string;
  orderId?: string;
  cart?: { products: SdeProduct[]; numItems?: number };
}

/** Viewed product. */
export interface ProductViewAttribute {
  type: 'prodView';
  currency?: string;
  products?: SdeProduct[];
}

/** Customer info. */
export interface CustomerInfoAttribute {
  type: 'ctmrinfo';
  info?: {
    cstatus?: string;
    ctype?: string;
    customerId?: string;
    balance?: number;
    currency?: string;
    socialId?: string;
    imei?: string;
    userName?: string;
    companySize?: number;
    companyBranch?: string;
    accountName?: string;
    role?: string;
    lastPaymentDate?: SdeDate;
    registrationDate?: SdeDate;
    loginStatus?: number;
    storeZipCode?: string;
    storeNumber?: string;
  };
}

/** Marketing source; `channel`: 0 direct, 1 search, 2 social, 3 email, 4 referral. */
export interface MarketingInfoAttribute {
  type: 'mrktInfo';
  info?: { channel?: 0 | 1 | 2 | 3 | 4 | '0' | '1' | '2' | '3' | '4'; affiliate?: string; campaignId?: string; campaignID?: string };
}

/** Personal info. */
export interface PersonalInfoAttribute {
  type: 'personal';
  personal?: {
    firstname?: string;
    lastname?: string;
    age?: { age?: number; year?: number; month?: number; day?: number };
    contacts?: {
      email?: string;
      phone?: string;
      phoneType?: 'HOME' | 'MOBILE' | 'WORK' | 'FAX' | 'MAIN' | 'HOME_FAX' | 'WORK_FAX' | 'PAGER' | 'OTHER';
      /** `country`: two letters, `US`. */
      address?: { country?: string; region?: string };
    }[];
    gender?: 'MALE' | 'FEMALE' | 'OTHER' | 0 | 1 | 2;
    company?: string;
    /** `en-US`, `fr`. */
    language?: string;
  };
}

/** Lead. */
export interface LeadAttribute {
  type: 'lead';
  lead?: { topic?: string; value?: number; currency?: string; leadId?: string };
}

/** Service activity; `status` 0 to 10. */
export interface ServiceAttribute {
  type: 'service';
  service?: { topic?: string; status?: number; category?: string; serviceId?: string };
}

/** Visitor error. */
export interface VisitorErrorAttribute {
  type: 'error';
  error?: { contextId?: string; message?: string; code?: string; level?: number; resolved?: boolean };
}

/** Searched content. */
export interface SearchInfoAttribute {
  type: 'searchInfo';
  keywords?: string[];
}

/** Any of the ten documented engagement attributes. */
export type EngagementAttribute =
  | CartAttribute
  | PurchaseAttribute
  | ProductViewAttribute
  | CustomerInfoAttribute
  | MarketingInfoAttribute
  | PersonalInfoAttribute
  | LeadAttribute
  | ServiceAttribute
  | VisitorErrorAttribute
  | SearchInfoAttribute;

/**
 * What each field must be: a kind (`KINDS`), an object of field specs, or a one-element array for a
 * list of them. A name ending in `!` is mandatory (as the docs mark it); a field the docs do not
 * list is refused.
 */
type Spec = string | Spec[] | { [field: string]: Spec };

const KINDS: Record<string, [what: string, fits: (value: unknown) => boolean]> = {
  n: ['a number', Number.isFinite],
  i: ['a whole number', Number.isSafeInteger],
  s: ['a string', (v) => typeof v === 'string'],
  b: ['true or false', (v) => typeof v === 'boolean'],
  c: ['a currency code such as "USD"', (v) => typeof v === 'string' && /^[A-Z]{3}$/.test(v)],
  g: ['MALE, FEMALE or OTHER', (v) => typeof v !== 'object' && /^(MALE|FEMALE|OTHER|[012])$/.test(String(v))],
  p: ['a phone type such as MOBILE', (v) => typeof v === 'string' && /^(HOME|MOBILE|WORK|FAX|MAIN|HOME_FAX|WORK_FAX|PAGER|OTHER)$/.test(v)],
  h: ['a channel from 0 to 4', (v) => typeof v !== 'object' && /^[0-4]$/.test(String(v))],
  k: ['a country code such as "US"', (v) => typeof v === 'string' && /^[A-Z]{2}$/.test(v)],
  l: ['a language code such as "en-US"', (v) => typeof v === 'string' && /^[a-z]{2}([-_][A-Z]{2})?$/.test(v)],
};

const date = { 'day!': 'i', 'month!': 'i', 'year!': 'i' };
const products = [{ 'product!': { name: 's', category: 's', sku: 's', price: 'n' }, quantity: 'i' }];

const SPECS: Record<EngagementAttribute['type'], Spec> = {
  cart: { 'total!': 'n', 'numItems!': 'i', currency: 'c', products },
  purchase: { total: 'n', currency: 'c', orderId: 's', cart: { 'products!': products, numItems: 'i' } },
  prodView: { currency: 'c', products },
  ctmrinfo: {
    info: {
      cstatus: 's',
      ctype: 's',
      customerId: 's',
      balance: 'n',
      currency: 'c',
      socialId: 's',
      imei: 's',
      userName: 's',
      companySize: 'i',
      companyBranch: 's',
      accountName: 's',
      role: 's',
      lastPaymentDate: date,
      registrationDate: date,
      loginStatus: 'i',
      storeZipCode: 's',
      storeNumber: 's',
    },
  },
  // `campaignId` in the docs' example, `campaignID` in their table.
  mrktInfo: { info: { channel: 'h', affiliate: 's', campaignId: 's', campaignID: 's' } },
  personal: {
    personal: {
      firstname: 's',
      lastname: 's',
      age: { age: 'n', year: 'i', month: 'i', day: 'i' },
      contacts: [{ email: 's', phone: 's', phoneType: 'p', address: { country: 'k', region: 's' } }],
      gender: 'g',
      company: 's',
      language: 'l',
    },
  },
  lead: { lead: { topic: 's', value: 'n', currency: 'c', leadId: 's' } },
  service: { service: { topic: 's', status: 'i', category: 's', serviceId: 's' } },
  error: { error: { contextId: 's', message: 's', code: 's', level: 'i', resolved: 'b' } },
  searchInfo: { keywords: ['s'] },
};

/** Why `value` does not fit `spec` (`path` names it), or '' when it does. */
function problem(value: unknown, spec: Spec, path: string): string {
  if (typeof spec === 'string') return KINDS[spec]![1](value) ? '' : `${path} must be ${KINDS[spec]![0]}`;
  if (Array.isArray(spec)) {
    if (!Array.isArray(value)) return `${path} must be a list`;
    for (const [i, item] of value.entries()) {
      const why = problem(item, spec[0]!, `${path}[${i}]`);
      if (why) return why;
    }
    return '';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be an object`;
  const at = (name: string) => (path ? `${path}.${name}` : name);
  for (const name in value) {
    if (!(name in spec || `${name}!` in spec || (!path && name === 'type'))) return `${at(name)} is not a documented field`;
  }
  for (const [key, inner] of Object.entries(spec)) {
    const name = key.replace('!', '');
    const field = (value as Record<string, unknown>)[name];
    const why = field === undefined ? (key.endsWith('!') ? `${at(name)} is missing` : '') : problem(field, inner, at(name));
    if (why) return why;
  }
  return '';
}

/** The entries of `list` fit to send, and what is wrong with each of the others (entry and field named). */
export function checkAttributes(list: unknown): { attributes: EngagementAttribute[]; problems: string[] } {
  const attributes: EngagementAttribute[] = [];
  const problems: string[] = [];
  if (!Array.isArray(list)) return { attributes, problems: list == null ? [] : ['engagement attributes must be a list'] };
  list.forEach((entry, i) => {
    const type = (entry as { type?: unknown } | null)?.type;
    const spec = typeof type === 'string' && Object.hasOwn(SPECS, type) ? SPECS[type as EngagementAttribute['type']] : undefined;
    const why = spec ? problem(entry, spec, '') : `type must be one of ${Object.keys(SPECS).join(', ')}`;
    if (why) problems.push(`engagement attribute ${i} (${typeof type === 'string' ? type : 'no type'}) refused: ${why}`);
    else attributes.push(entry as EngagementAttribute);
  });
  return { attributes, problems };
}
