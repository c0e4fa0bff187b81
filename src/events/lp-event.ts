/** Base of the window's public events: bubbling, composed (they leave the shadow root), typed `detail`. */
export class LpEvent<T> extends Event {
  constructor(
    type: string,
    readonly detail: T,
    cancelable = false,
  ) {
    super(type, { bubbles: true, composed: true, cancelable });
  }
}
