/**
 * What the agent tells the room besides audio and transcripts: AgentEvent messages on the `ccw-agent` data topic
 * and who answers in which language as the agent participant's `ccw.persona` / `ccw.language` attributes.
 */
import type { LocalParticipant } from '@livekit/rtc-node';
import { log } from '@livekit/agents';
import {
  AGENT_EVENT_TOPIC,
  AGENT_LANGUAGE_ATTRIBUTE,
  AGENT_PERSONA_ATTRIBUTE,
  AgentEvent,
  type Language,
  type Persona,
} from '@call-center-widget/protocol';

/** Where the call's conversation reports to; the room in a call, anything else in a test of the core. */
export interface CallEvents {
  /** Sends one event to everyone in the room. */
  send(event: AgentEvent): void;
  /** Says who answers now, in which language. */
  answering(persona: Persona, language: Language): void;
}

/** CallEvents through the agent's own participant. */
export class RoomEvents implements CallEvents {
  private readonly encoder = new TextEncoder();
  private shown: string | undefined;
  // Sends go out one after another, so a transfer never overtakes the conversation event before it.
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly participant: LocalParticipant) {}

  send(event: AgentEvent): void {
    // The contract's own schema checks every message before it leaves: a widget can trust the shape.
    const payload = this.encoder.encode(JSON.stringify(AgentEvent.parse(event)));
    this.enqueue(`event ${event.type}`, () => this.participant.publishData(payload, { reliable: true, topic: AGENT_EVENT_TOPIC }));
  }

  answering(persona: Persona, language: Language): void {
    const key = `${persona}/${language}`;
    if (key === this.shown) return;
    this.shown = key;
    this.enqueue('attributes', () => this.participant.setAttributes({ [AGENT_PERSONA_ATTRIBUTE]: persona, [AGENT_LANGUAGE_ATTRIBUTE]: language }));
  }

  /** Resolves once everything sent so far has gone out (or failed). */
  flushed(): Promise<void> {
    return this.chain;
  }

  private enqueue(what: string, send: () => Promise<void>): void {
    this.chain = this.chain.then(send).catch((err: unknown) => {
      // The room may be gone (the customer hung up): nothing to tell anyone then.
      log().warn({ err: err instanceof Error ? err.message : String(err) }, `ccw: could not send ${what}`);
    });
  }
}
