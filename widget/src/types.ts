/**
 * The widget's own shared types: what a call is doing, a line of the transcript, a notice, a microphone failure
 * and a failed turn. Events, i18n, rendering and the session import them from here, never from a controller.
 * The wire's types come from the contract (`@call-center-widget/protocol`), as types only.
 */
import type { ErrorCode, Persona } from '@call-center-widget/protocol';
import type { LocalizeController } from './i18n/localize.ts';

/** What the call is doing, as the element shows it. */
export type CallState = 'idle' | 'connecting' | 'listening' | 'thinking' | 'speaking' | 'ended' | 'error';

/** One line of the transcript and chat log. */
export interface ChatEntry {
  readonly id: number;
  readonly role: 'customer' | 'agent' | 'notice';
  readonly text: string;
  readonly persona?: Persona;
  /** An agent message still streaming in. */
  readonly pending?: boolean;
  /** A customer message whose turn failed; a retry sends it again. */
  readonly failed?: boolean;
  readonly language?: string;
  /** On a transfer notice: who handed over to whom. */
  readonly transfer?: { readonly from: Persona; readonly to: Persona; readonly reason: string };
  /** On an agent line written by a member of staff (the text desk): their name, shown instead of the persona's. */
  readonly staff?: string;
  /** On an agent line: requests to offer the customer (after speech that was not understood). */
  readonly examples?: readonly string[];
}

/** Why the microphone could not be opened (after livekit's `MediaDeviceFailure`). */
export type MicFailure = 'denied' | 'not_found' | 'in_use' | 'insecure' | 'other';

/** Codes the widget itself produces when a request fails before or without the server's answer. */
export type ClientErrorCode = 'network' | 'invalid_server_url' | 'bad_response' | 'stream_incomplete' | 'not_configured';

/** Every code a request or turn can fail with: the server's (the contract's closed set) and the widget's own. */
export type RequestErrorCode = ErrorCode | ClientErrorCode;

/** Every code `ccw-error` carries. */
export type WidgetErrorCode = RequestErrorCode | `microphone_${MicFailure}` | 'voice_unavailable' | 'call_in_progress';

/** A failed turn: what, why, whether the same input can be sent again, and after how long. */
export interface TurnError {
  readonly code: RequestErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
}

/** A notice's text, resolved at render time so it follows a language switch. */
export type NoticeText = (l: LocalizeController) => string;

/** What the notice line shows: text resolved at render time, its tone, and what its button does. */
export interface Notice {
  readonly text: NoticeText;
  readonly tone: 'info' | 'error';
  readonly action?: 'retry-call' | 'retry-turn' | 'retry-config';
}
