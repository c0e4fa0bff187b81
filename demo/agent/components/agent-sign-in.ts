import { html } from 'lit';
import { LightElement } from '../../../components/shared/light-element.js';

export interface SignInDetail {
  account: string;
  username: string;
  password: string;
}

/**
 * The sign-in form: account, login name, password.
 *
 * @fires agent-sign-in - detail: `SignInDetail`
 */
export class LpAgentSignIn extends LightElement {
  static override properties = { account: {}, busy: { type: Boolean }, problem: {} };
  /** The account to offer. */
  account = '';
  /** Signing in now. */
  busy = false;
  /** Why the last sign-in failed, or why the agent was signed out. */
  problem = '';

  #submit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    this.fire('agent-sign-in', { account: field('account'), username: field('username'), password: String(data.get('password') ?? '') });
  }

  override render() {
    return html`<form class="card sign-in" aria-labelledby="sign-in-title" @submit=${this.#submit}>
      <h2 id="sign-in-title">Sign in</h2>
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : ''}
      <label for="sign-in-account">Account</label>
      <input id="sign-in-account" name="account" required pattern="[A-Za-z0-9_]{1,20}" autocomplete="organization" .value=${this.account} />
      <label for="sign-in-username">Login name</label>
      <input id="sign-in-username" name="username" required autocomplete="username" />
      <label for="sign-in-password">Password</label>
      <input id="sign-in-password" name="password" type="password" required autocomplete="current-password" />
      <button class="primary" ?disabled=${this.busy}>${this.busy ? 'Signing in…' : 'Sign in'}</button>
    </form>`;
  }
}
