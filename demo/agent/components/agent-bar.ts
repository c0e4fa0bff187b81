import { html } from 'lit';
import { live } from 'lit/directives/live.js';
import { LightElement } from '../../../components/shared/light-element.js';
import type { AgentProfile, Availability } from '../api/types.js';

const CHOICES: Availability[] = ['Online', 'Away'];

/**
 * The signed-in agent's bar: who, Online or Away, how many chats ring (announced), accept, sign out.
 * The radios show the availability the platform has (a refused change puts them back).
 *
 * @fires agent-availability - detail: the `Availability` chosen
 * @fires agent-accept - the agent takes the oldest ringing chat
 * @fires agent-sign-out
 */
export class LpAgentBar extends LightElement {
  static override properties = {
    profile: { attribute: false },
    availability: {},
    ringing: { type: Number },
    accepting: { type: Boolean },
  };
  profile?: AgentProfile;
  availability: Availability = 'Away';
  /** Chats ringing for this agent. */
  ringing = 0;
  /** A chat is being accepted. */
  accepting = false;

  override render() {
    const { profile, ringing } = this;
    const waiting = ringing === 0 ? 'No chat waiting' : ringing === 1 ? '1 chat waiting' : `${ringing} chats waiting`;
    return html`<div class="bar">
      <p class="bar__who">Signed in as <strong>${profile?.name}</strong> (${profile?.loginName})</p>
      <fieldset class="bar__availability">
        <legend>Availability</legend>
        ${CHOICES.map(
          (choice) => html`<label
            ><input type="radio" name="availability" value=${choice} .checked=${live(this.availability === choice)}
              @change=${() => this.fire('agent-availability', choice)} />
            ${choice}</label
          >`,
        )}
      </fieldset>
      <p class="bar__ringing" role="status">${waiting}</p>
      ${ringing > 0
        ? html`<button class="primary" ?disabled=${this.accepting} @click=${() => this.fire('agent-accept')}>Accept chat</button>`
        : ''}
      <button class="bar__sign-out" @click=${() => this.fire('agent-sign-out')}>Sign out</button>
    </div>`;
  }
}
