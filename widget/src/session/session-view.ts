/** What the panel reads from its call session to render. */
import type { Persona, ServerConfig } from '@call-center-widget/protocol';
import type { CallState, ChatEntry, Notice } from '../types.ts';

/** The customer's voice as the UI shows it. */
export interface VoiceView {
  readonly muted: boolean;
  readonly talking: boolean;
  readonly bars: readonly number[];
  readonly voiceActive: boolean;
}

/** The call and chat as the UI shows them. */
export interface SessionView {
  readonly state: CallState;
  readonly inCall: boolean;
  readonly notice: Notice | undefined;
  readonly config: ServerConfig | undefined;
  readonly seconds: number | undefined;
  readonly entries: readonly ChatEntry[];
  /** The persona answering after transfers; undefined before the first turn. */
  readonly activePersona: Persona | undefined;
  readonly retryId: number | undefined;
  readonly voice: VoiceView;
}
