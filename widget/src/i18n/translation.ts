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
  readonly holdToTalk: string;
  readonly talking: string;
  readonly holdToTalkHint: string;

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
  readonly livekitFallback: string;
  readonly transferred: (to: string) => string;
  readonly handoff: string;
  readonly callEnded: (duration: string) => string;
}

/** The terms the element shows before the call module has loaded (i18n/shell.ts). */
export type ShellTerm = 'openChat' | 'defaultTitle' | 'loading' | 'serverUnreachable' | 'retry';

/** A built-in translation as it is in the first download: its code, direction and the shell's terms. */
export type ShellTranslation = Pick<Translation, '$code' | '$dir' | ShellTerm>;
