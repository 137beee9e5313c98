/**
 * The checks a schema cannot make because they depend on this server: text limits from the configuration,
 * voices and capabilities from the providers, the audio file among the upload's fields. Route modules share
 * them from here (no route module imports another).
 */
import type { LanguageChoice } from '@call-center-widget/protocol';
import { ApiError, badRequest } from '../errors.ts';
import type { AudioInput, Language, Providers } from '../providers/types.ts';

/** 400 `text_too_long` when customer text is longer than `max` characters (code points, as a person counts). */
export function checkTextLength(text: string, max: number, field: string): string {
  let length = 0;
  for (const _ of text) if (++length > max) throw badRequest(`The field "${field}" is longer than ${max} characters.`, 'text_too_long');
  return text;
}

/** 400 `unknown_voice` unless the synthesis provider has `voice` (under its own name or an alias it takes). */
export function checkVoice(providers: Providers, voice: string | undefined): string | undefined {
  if (voice === undefined) return undefined;
  const { voices, aliases = {} } = providers.tts.capabilities();
  if (!voices.includes(voice) && !Object.hasOwn(aliases, voice)) {
    throw badRequest(`Unknown voice "${voice.slice(0, 40)}". Use one of: ${[...voices, ...Object.keys(aliases)].join(', ')}.`, 'unknown_voice');
  }
  return voice;
}

/** 503 `provider_unavailable` when a capability is absent on this server, so nothing is ever faked. */
export function ensureAvailable(available: boolean, what: string): void {
  if (!available) throw new ApiError('provider_unavailable', `${what} is not available on this server. See /api/config.`);
}

/** A chosen language, or undefined for `auto` and absent (detect). */
export function chosenLanguage(choice: LanguageChoice | undefined): Language | undefined {
  return choice === 'auto' ? undefined : choice;
}

/** The uploaded audio from the first of `fields` present; 400 when none is, or it is empty. */
export async function uploadedAudio(form: Readonly<Record<string, unknown>>, fields: readonly string[]): Promise<AudioInput> {
  const name = fields.find((f) => form[f] !== undefined);
  const file = name === undefined ? undefined : form[name];
  if (!(file instanceof File)) throw badRequest(`The file field "${fields[0]}" is required.`, 'missing_field');
  if (file.size === 0) throw badRequest('The audio file is empty.', 'empty_audio');
  return { data: new Uint8Array(await file.arrayBuffer()), mimeType: file.type, filename: file.name || 'audio' };
}
