/**
 * Which calls are live, as LiveKit's webhooks tell it: rooms started and finished, participants joined and left.
 * In memory (a restarted server learns again from the next events; LiveKit stays the source of truth).
 */
import type { LiveCall } from '@call-center-widget/protocol';

/** One webhook event, reduced to what the registry needs. */
export interface CallEvent {
  readonly event: string;
  readonly room?: string;
  /** `kind`: LiveKit's participant kind ('agent' for an agent worker), when it says. */
  readonly participant?: { readonly identity: string; readonly name: string; readonly kind?: string };
  /** Unix seconds, as LiveKit sends `createdAt`. */
  readonly at: number;
}

interface Call {
  readonly room: string;
  readonly startedAt: number;
  readonly participants: Map<string, { identity: string; name: string; kind: string; joinedAt: number }>;
}

/** A bound on rooms tracked, so a flood of forged-but-signed events cannot grow memory without end. */
const MAX_CALLS = 10_000;

/** The live calls. */
export class CallRegistry {
  private readonly calls = new Map<string, Call>();
  private received = 0;
  private lastAt: number | undefined;

  /** Applies one event. */
  apply(e: CallEvent): void {
    this.received += 1;
    this.lastAt = Date.now();
    if (!e.room) return;
    switch (e.event) {
      case 'room_started':
        this.open(e.room, e.at);
        break;
      case 'room_finished':
        this.calls.delete(e.room);
        break;
      case 'participant_joined':
        if (e.participant) {
          const { identity, name } = e.participant;
          this.open(e.room, e.at).participants.set(identity, { identity, name, kind: kindOf(identity, e.participant.kind), joinedAt: e.at });
        }
        break;
      case 'participant_left':
      case 'participant_connection_aborted':
        if (e.participant) this.calls.get(e.room)?.participants.delete(e.participant.identity);
        break;
    }
  }

  /** Whether LiveKit has a call in `room` open. */
  isLive(room: string): boolean {
    return this.calls.has(room);
  }

  /** Every live call, oldest first. */
  list(): LiveCall[] {
    return [...this.calls.values()].map((c) => ({
      room_name: c.room,
      started_at: iso(c.startedAt),
      participants: [...c.participants.values()].map((p) => ({ identity: p.identity, name: p.name, kind: p.kind, joined_at: iso(p.joinedAt) })),
    }));
  }

  /** How many events arrived, and when the last did. */
  get webhooks(): { received: number; lastAt: Date | undefined } {
    return { received: this.received, lastAt: this.lastAt === undefined ? undefined : new Date(this.lastAt) };
  }

  private open(room: string, at: number): Call {
    let call = this.calls.get(room);
    if (!call) {
      if (this.calls.size >= MAX_CALLS) this.calls.delete(this.calls.keys().next().value!);
      call = { room, startedAt: at, participants: new Map() };
      this.calls.set(room, call);
    }
    return call;
  }
}

/** Who a participant is: an agent worker as LiveKit says, else by the identities this server hands out. */
export function kindOf(identity: string, livekitKind: string | undefined): string {
  if (livekitKind === 'agent') return 'agent';
  if (identity.startsWith('customer-')) return 'customer';
  if (identity.startsWith('agent-')) return 'staff';
  return 'other';
}

function iso(unixSeconds: number): string {
  return new Date((unixSeconds > 0 ? unixSeconds : Date.now() / 1000) * 1000).toISOString();
}
