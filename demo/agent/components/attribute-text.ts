import type { EngagementAttribute, UnknownAttribute } from '../api/types.js';
import type { SdeDate, SdeProduct } from '../../../src/api/sde.js';

/**
 * Engagement attributes in words, for an agent: what kind each is (`Cart`) and its key fields in one
 * line (`total 120 USD, 3 items: Tent ×2, Lamp`). An attribute of a type the console does not know is
 * shown as its fields, compactly.
 */
export interface AttributeText {
  kind: string;
  text: string;
}

const KINDS: Record<EngagementAttribute['type'], string> = {
  cart: 'Cart',
  purchase: 'Purchase',
  prodView: 'Viewed products',
  ctmrinfo: 'Customer',
  mrktInfo: 'Marketing source',
  personal: 'Personal',
  lead: 'Lead',
  service: 'Service',
  error: 'Error',
  searchInfo: 'Search',
};

/** `mrktInfo.info.channel`, as the docs number them. */
const CHANNELS = ['direct', 'search', 'social', 'email', 'referral'];

type Part = string | false | undefined | null;
const list = (parts: Part[]): string => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(', ');
const labelled = (label: string, value: unknown): Part =>
  value === undefined || value === null || value === '' ? undefined : `${label} ${String(value)}`;
const money = (amount: number | undefined, currency: string | undefined): string | undefined =>
  amount === undefined ? undefined : [amount, currency].filter((x) => x !== undefined).join(' ');
const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
const pad = (n: number): string => String(n).padStart(2, '0');
const day = (d: SdeDate | undefined): string | undefined => d && `${d.year}-${pad(d.month)}-${pad(d.day)}`;

function products(items: SdeProduct[] | undefined, currency?: string): string | undefined {
  if (!items?.length) return undefined;
  return items
    .map(({ product, quantity }) => {
      const name = product.name ?? product.sku ?? 'a product';
      const times = quantity !== undefined && quantity !== 1 ? ` ×${quantity}` : '';
      const price = currency === undefined ? undefined : money(product.price, currency);
      return `${name}${times}${price ? ` (${price})` : ''}`;
    })
    .join(', ');
}

/** Scalars of an object as `key value`, nested objects and lists flattened, for an attribute of unknown shape. */
function compact(value: unknown, path = ''): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item) => compact(item, path));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => compact(inner, key));
  }
  return [path ? `${path} ${String(value)}` : String(value)];
}

function describe(a: EngagementAttribute): string {
  switch (a.type) {
    case 'cart': {
      const items = products(a.products);
      return list([`total ${money(a.total, a.currency)}`, `${plural(a.numItems, 'item')}${items ? `: ${items}` : ''}`]);
    }
    case 'purchase':
      return list([labelled('order', a.orderId), a.total !== undefined && `total ${money(a.total, a.currency)}`, products(a.cart?.products)]);
    case 'prodView':
      return list([products(a.products, a.currency)]);
    case 'ctmrinfo': {
      const i = a.info ?? {};
      return list([
        labelled('customer', i.customerId),
        labelled('user', i.userName),
        labelled('account', i.accountName),
        labelled('status', i.cstatus),
        labelled('type', i.ctype),
        labelled('role', i.role),
        i.balance !== undefined && `balance ${money(i.balance, i.currency)}`,
        labelled('branch', i.companyBranch),
        labelled('company size', i.companySize),
        labelled('registered', day(i.registrationDate)),
        labelled('last payment', day(i.lastPaymentDate)),
        labelled('login status', i.loginStatus),
        labelled('social id', i.socialId),
        labelled('IMEI', i.imei),
        labelled('store', i.storeNumber),
        labelled('store zip', i.storeZipCode),
      ]);
    }
    case 'mrktInfo': {
      const i = a.info ?? {};
      return list([labelled('channel', i.channel === undefined ? undefined : CHANNELS[Number(i.channel)]), labelled('affiliate', i.affiliate), labelled('campaign', i.campaignId ?? i.campaignID)]);
    }
    case 'personal': {
      const p = a.personal ?? {};
      const contacts = (p.contacts ?? []).flatMap((c) => [
        c.email,
        c.phone && `${c.phone}${c.phoneType ? ` (${c.phoneType.toLowerCase().replace('_', ' ')})` : ''}`,
        c.address && list([c.address.region, c.address.country]),
      ]);
      const gender = typeof p.gender === 'number' ? ['male', 'female', 'other'][p.gender] : p.gender?.toLowerCase();
      return list([
        [p.firstname, p.lastname].filter(Boolean).join(' '),
        ...contacts,
        labelled('age', p.age?.age),
        p.age?.year !== undefined && `born ${[p.age.year, p.age.month, p.age.day].filter((x) => x !== undefined).map((x) => pad(x!)).join('-')}`,
        gender,
        p.company,
        labelled('language', p.language),
      ]);
    }
    case 'lead': {
      const l = a.lead ?? {};
      return list([l.topic, l.value !== undefined && `value ${money(l.value, l.currency)}`, labelled('lead', l.leadId)]);
    }
    case 'service': {
      const s = a.service ?? {};
      return list([s.topic, labelled('category', s.category), labelled('status', s.status), labelled('service', s.serviceId)]);
    }
    case 'error': {
      const e = a.error ?? {};
      return list([e.message, labelled('code', e.code), labelled('level', e.level), e.resolved !== undefined && (e.resolved ? 'resolved' : 'unresolved')]);
    }
    case 'searchInfo':
      return list(a.keywords ?? []);
  }
}

export function attributeText(a: EngagementAttribute | UnknownAttribute): AttributeText {
  if (a.type === 'unknown') {
    const fields = Object.entries(a.data).filter(([key]) => key !== 'type');
    return { kind: a.rawType || 'Attribute', text: list(compact(Object.fromEntries(fields))) || 'no details' };
  }
  return { kind: KINDS[a.type], text: describe(a) || 'no details' };
}
