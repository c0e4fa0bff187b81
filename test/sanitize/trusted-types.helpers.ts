/** Test helpers for pages that enforce Trusted Types (each test file is its own page). */
export type { Message } from '../../src/machine/chat.types.js';

interface Factory {
  createPolicy(name: string, rules: object): unknown;
}

/** Violation events are queued: lets the ones already raised arrive. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Records the names of the policies created from now on, and the directives of CSP violations. */
export function watchPolicies(): { created: string[]; violations: string[] } {
  const created: string[] = [];
  const violations: string[] = [];
  const tt = (window as unknown as { trustedTypes: Factory }).trustedTypes;
  const createPolicy = tt.createPolicy.bind(tt);
  tt.createPolicy = (name, rules) => {
    created.push(name);
    return createPolicy(name, rules);
  };
  addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
  return { created, violations };
}

/** Makes this page enforce Trusted Types from now on, allowing the policies named. */
export function enforceTrustedTypes(policies: string): void {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = `require-trusted-types-for 'script'; trusted-types ${policies}`;
  document.head.append(meta);
}
