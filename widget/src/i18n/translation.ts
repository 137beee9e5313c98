/** The shape every UI translation has; `en.ts` is the reference and the fallback. */
import type { Persona } from '@call-center-widget/protocol';
import type { CallState } from '../types.ts';

/** One locale's UI strings (Shoelace's translation shape: `$code`, `$name`, `$dir`, then the terms). */
export interface Translation {
  /** BCP 47 code, e.g. 'en', 'ar'. */
  readonly $code: string;
  /** The language's own name, e.g. 'English', 'العربية'. */
  readonly $name: string;
  readonly $dir: 'ltr' | 'rtl';

  readonly defaultTitle: string;
  readonly openChat: string;
  /** The panel's line while its contents download (the first time the customer opens it). */
  readonly loading: string;
  readonly close: string;
  readonly status: (state: CallState) => string;
  readonly callDuration: string;
  readonly personaName: (persona: Persona) => string;

  readonly levelLabel: string;
  readonly levelSpeaking: string;
  readonly levelQuiet: string;
  readonly levelOff: string;

  readonly conversation: string;
  readonly you: string;
  readonly typing: string;
  readonly notSent: string;
  readonly retry: string;

  readonly message: string;
  readonly messagePlaceholder: string;
  readonly send: string;

  readonly callControls: string;
  readonly startCall: string;
  readonly endCall: string;
  readonly mute: string;
  readonly stopSpeaking: string;
  readonly holdToTalk: string;
  readonly talking: string;
  /** Shown under the controls while a push-to-talk call runs: what to do, plainly. */
  readonly holdToTalkHint: string;
  /** The launcher's label while a call runs with the panel closed. */
  readonly callInProgress: (duration: string, muted: boolean) => string;
  /** Said once to a screen reader when the panel closes and the call goes on. */
  readonly callContinues: string;
  /** The first line of the log, from the persona that answers first (unless the page gives a `greeting`). */
  readonly greeting: (persona: Persona) => string;
  /** Two or three things to ask, offered under the greeting. */
  readonly suggestions: (persona: Persona) => readonly string[];
  readonly suggestionsLabel: string;
  /** Why there is no Start call button: this server has no speech recognition. */
  readonly voiceOff: string;
  /** Why there is no Start call button: the recognizer does not understand the page's language. */
  readonly voiceOffLanguage: string;
  /** Another widget on this page is already in a call. */
  readonly callElsewhere: string;

  readonly micDenied: string;
  readonly micNotFound: string;
  readonly micInUse: string;
  readonly micInsecure: string;
  readonly micOther: string;
  readonly voiceUnavailable: string;
  readonly serverUnreachable: string;
  readonly originNotAllowed: string;
  readonly rateLimited: (seconds: number | undefined) => string;
  readonly noSpeech: string;
  readonly notUnderstood: string;
  readonly unsupportedLanguage: string;
  readonly tooLong: string;
  readonly providerError: string;
  readonly genericError: string;
  /** The call moved from the voice room to the direct path: said in the customer's words, nothing technical. */
  readonly livekitFallback: string;
  /** The call is back in its voice room (where staff can hear the customer) after losing it. */
  readonly livekitRejoined: string;
  /** Staff took the customer out of the voice room (or closed it); the assistant still answers. */
  readonly livekitRemoved: string;
  readonly transferred: (to: string) => string;
  readonly handoff: string;
  readonly staffJoined: (name: string) => string;
  readonly staffLeft: (name: string) => string;
  readonly staffJoinedChat: (name: string) => string;
  readonly staffLeftChat: (name: string) => string;
  readonly callEnded: (duration: string) => string;
}

/** The terms the element shows before the call module has loaded (i18n/shell.ts). */
export type ShellTerm = 'openChat' | 'defaultTitle' | 'loading' | 'serverUnreachable' | 'retry';

/** A built-in translation as it is in the first download: its code, direction and the shell's terms. */
export type ShellTranslation = Pick<Translation, '$code' | '$dir' | ShellTerm>;
