import type { Persona } from '@call-center-widget/protocol';

/** What `ccw-message` carries. */
export interface CcwMessageDetail {
  readonly role: 'customer' | 'agent';
  readonly text: string;
  readonly persona: Persona | undefined;
  /** A member of staff wrote this agent message (the text desk), not the AI. */
  readonly staff?: string;
}

/** Fired for every finished message in the conversation, the customer's and the agent's. */
export class CcwMessageEvent extends Event {
  /** The event's type, for `addEventListener`. */
  static readonly eventName = 'ccw-message';
  /** Who said what; `persona` is set for agent messages. */
  readonly detail: CcwMessageDetail;

  constructor(detail: CcwMessageDetail) {
    super('ccw-message', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ccw-message': CcwMessageEvent;
  }
}
