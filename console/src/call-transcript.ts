/**
 * The live transcript of a call a member of staff is in: the AI agent publishes what it hears the caller say and
 * what it says itself as LiveKit text streams (`lk.transcription`), to everyone in the room; the console reads
 * them, so the member sees the words as they come, the caller's included while the agent keeps quiet for them;
 * and what the caller types in the widget, which it sends to the room.
 */
import type { Room, TextStreamReader } from 'livekit-client';

const TOPIC = 'lk.transcription';
/** What the caller types in the widget during the call (sent to the room; the AI agent answers it when it may). */
const CHAT_TOPIC = 'lk.chat';
/** Most lines kept on screen. */
const MAX_LINES = 200;

export interface TranscriptLine {
  readonly segment: string;
  readonly role: 'customer' | 'agent';
  readonly text: string;
  readonly final: boolean;
  /** Typed in the widget, not spoken. */
  readonly typed?: boolean;
}

export class CallTranscript {
  private readonly byId = new Map<string, TranscriptLine>();

  constructor(private readonly changed: () => void) {}

  /** The lines, oldest first. */
  get lines(): readonly TranscriptLine[] {
    return [...this.byId.values()];
  }

  /** Starts reading `room`'s transcripts; `stop()` ends it. */
  listen(room: Room): void {
    this.byId.clear();
    room.registerTextStreamHandler(TOPIC, (reader) => void this.read(room, reader));
    room.registerTextStreamHandler(CHAT_TOPIC, (reader, from) => {
      if (!from.identity.startsWith('customer-')) return;
      reader.readAll().then(
        (text) => this.set({ segment: reader.info.id, role: 'customer', text, final: true, typed: true }),
        () => undefined,
      );
    });
  }

  stop(room: Room | undefined): void {
    room?.unregisterTextStreamHandler(TOPIC);
    room?.unregisterTextStreamHandler(CHAT_TOPIC);
  }

  private async read(room: Room, reader: TextStreamReader): Promise<void> {
    const attributes = reader.info.attributes ?? {};
    const segment = attributes['lk.segment_id'] ?? reader.info.id;
    const track = attributes['lk.transcribed_track_id'];
    // The caller's words carry the id of the caller's microphone track; the agent's own words carry its own.
    const customer =
      track !== undefined &&
      [...room.remoteParticipants.values()].some((p) => p.identity.startsWith('customer-') && [...p.trackPublications.values()].some((t) => t.trackSid === track));
    const role = customer ? 'customer' : 'agent';
    let text = '';
    try {
      for await (const chunk of reader) {
        text += chunk;
        this.set({ segment, role, text, final: false });
      }
    } catch {
      // Cut short (the agent left): what arrived stands.
    }
    this.set({ segment, role, text, final: role === 'agent' || attributes['lk.transcription_final'] !== 'false' });
  }

  private set(line: TranscriptLine): void {
    if (line.text.trim() === '' && !this.byId.has(line.segment)) return;
    this.byId.set(line.segment, line);
    while (this.byId.size > MAX_LINES) this.byId.delete(this.byId.keys().next().value!);
    this.changed();
  }
}
