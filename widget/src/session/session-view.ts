/**
 * What the element reads from its call session to render, and the view it shows before the session module
 * has loaded (the session and every audio, network and transport controller load on first use, so the first
 * download is only the launcher, the panel and Lit).
 */
import type { Persona, ServerConfig } from '../api/types.ts';
import type { CallState, ChatEntry } from '../controllers/conversation-controller.ts';
import type { Notice } from './notices.ts';

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

/** Nothing has happened yet: what the panel shows until the session has loaded. */
export const IDLE_SESSION: SessionView = {
  state: 'idle',
  inCall: false,
  notice: undefined,
  config: undefined,
  seconds: undefined,
  entries: [],
  activePersona: undefined,
  retryId: undefined,
  voice: { muted: false, talking: false, bars: new Array<number>(20).fill(0), voiceActive: false },
};
