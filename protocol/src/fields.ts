/**
 * Request field shapes shared by the routes' schemas: how absent, null and blank values read, and enums that
 * take any letter case. Multipart fields arrive as strings, so their booleans are spelled out. The input types
 * (what a client should send) stay precise; the server accepts a little more (`null`, blanks, `SALES`).
 */
import { z } from 'zod';
import { LanguageChoice, Persona } from './common.ts';

// Input types say what a client should send; null and blanks are also taken, and read as absent.
type Absent = undefined;

const blankToUndefined = (value: unknown): unknown =>
  value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;
const normalizeName = (value: unknown): unknown => {
  const v = blankToUndefined(value);
  return typeof v === 'string' ? v.trim().toLowerCase() : v;
};
const nullToUndefined = (value: unknown): unknown => (value === null ? undefined : value);
const describe = (description: string | undefined) => (description ? { description } : {});

/** Required text, trimmed (blank is refused as empty). */
export const requiredText = (description?: string) => z.string().trim().min(1).meta(describe(description));

/** Optional text, trimmed; `null` and blank count as absent. */
export const optionalText = (maxLength: number, description?: string) =>
  z.preprocess((v: string | Absent) => blankToUndefined(v), z.string().trim().max(maxLength).meta(describe(description)).optional());

/** An optional boolean; `null` counts as absent. */
export const optionalBoolean = (description?: string) =>
  z.preprocess((v: boolean | Absent) => nullToUndefined(v), z.boolean().meta(describe(description)).optional());

/** An optional whole number within bounds; `null` counts as absent. */
export const optionalInt = (min: number, max: number, description?: string) =>
  z.preprocess((v: number | Absent) => nullToUndefined(v), z.number().int().min(min).max(max).meta(describe(description)).optional());

/** An optional boolean from a form field: `true`, `false`, `1` or `0`. */
export const formBoolean = (description?: string) =>
  z.preprocess(
    (v: 'true' | 'false' | '1' | '0' | Absent) => blankToUndefined(v),
    z
      .enum(['true', 'false', '1', '0'])
      .meta(describe(description))
      .optional()
      .transform((value) => (value === undefined ? undefined : value === 'true' || value === '1')),
  );

/** An optional persona, in any letter case. */
export const optionalPersona = z.preprocess((v: Persona | Absent) => normalizeName(v), Persona.optional());

/** An optional language choice, in any letter case. */
export const optionalLanguage = z.preprocess((v: LanguageChoice | Absent) => normalizeName(v), LanguageChoice.optional());

/** An optional synthesis voice, in any letter case; which voices exist depends on the server (`/api/config`). */
export const optionalVoice = z.preprocess(
  (v: string | Absent) => normalizeName(v),
  z.string().max(64).meta({ description: 'One of `/api/config` `tts.voices`; the language default when absent.' }).optional(),
);

/** A conversation id the server issued: `conv_` and 22 URL-safe characters. */
export const ConversationId = z
  .string()
  .regex(/^conv_[A-Za-z0-9_-]{22}$/, { error: 'is not a conversation id this server issued' })
  .meta({ id: 'ConversationId', description: 'Issued by the server with the first turn; send it back to continue.' });
export type ConversationId = z.infer<typeof ConversationId>;

/** An optional conversation id. */
export const optionalConversationId = z.preprocess((v: string | Absent) => blankToUndefined(v), ConversationId.optional());

/** An uploaded file in a multipart form. */
export const UploadedFile = z.instanceof(File, { error: 'must be a file upload' }).meta({ type: 'string', format: 'binary' });
