/** Reading an uploaded audio file from a multipart form, the same way for every audio route. */
import type { Context } from 'hono';
import { ApiError, badRequest } from '../errors.ts';
import type { AudioInput } from '../providers/types.ts';

/** A parsed multipart form: the audio and the other text fields. */
export interface AudioForm {
  readonly audio: AudioInput;
  readonly fields: Readonly<Record<string, string>>;
}

/** Reads `multipart/form-data` with an audio file under one of `fileFields`; 415/400 on anything else. */
export async function readAudioForm(c: Context, fileFields: readonly string[]): Promise<AudioForm> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', `Send the audio as multipart/form-data with a file field "${fileFields[0]}".`);
  }
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw badRequest('invalid_multipart', 'The multipart form could not be read.');
  }
  const name = fileFields.find((f) => form[f] !== undefined);
  const file = name === undefined ? undefined : form[name];
  if (file === undefined) throw badRequest('missing_field', `The file field "${fileFields[0]}" is required.`);
  if (!(file instanceof File)) throw badRequest('invalid_field', `The field "${name}" must be a file upload.`);
  if (file.size === 0) throw badRequest('empty_audio', 'The audio file is empty.');
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    if (key === name) continue;
    if (typeof value !== 'string') throw badRequest('invalid_field', `The field "${key}" must be text.`);
    fields[key] = value;
  }
  return {
    audio: { data: new Uint8Array(await file.arrayBuffer()), mimeType: file.type, filename: file.name || 'audio' },
    fields,
  };
}
