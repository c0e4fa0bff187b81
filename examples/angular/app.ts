import { ChangeDetectionStrategy, Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { ChatStatus, LpMessageEvent, LpStatusChangeEvent } from 'lp-chat-window';

/** A brand's page: its own button opens the chat, and its own UI follows the chat's events. */
@Component({
  selector: 'app-root',
  // <lp-chat-window> is a custom element: Angular binds its properties and events as they are.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main>
      <h1>Trailhead Outfitters</h1>
      <button type="button" (click)="chat.open()">Ask about your order</button>
      <section aria-label="Chat activity">
        <p>Chat: {{ status() }}</p>
        <p>Replies: {{ replies().length }}</p>
        @if (replies().length) {
          <p>Last reply: {{ replies().at(-1) }}</p>
        }
      </section>
      <lp-chat-window
        #chat
        [account]="config.account"
        [skill]="config.skill"
        [relay]="config.relay"
        (lp-status-change)="onStatusChange($event)"
        (lp-message)="onMessage($event)"
      ></lp-chat-window>
    </main>
  `,
})
export class App {
  protected readonly config = { account: '123456', skill: 'Sales', relay: '/lp-relay' };
  protected readonly status = signal<ChatStatus>('loading');
  protected readonly replies = signal<string[]>([]);

  protected onStatusChange(event: LpStatusChangeEvent): void {
    this.status.set(event.detail.status);
  }

  protected onMessage(event: LpMessageEvent): void {
    this.replies.update((list) => [...list, event.detail.message.text]);
  }
}
