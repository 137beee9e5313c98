/**
 * Synthesized audio on disk, served back by `/audio/:filename`. Only files this process wrote can be served:
 * names are random hex the server makes, looked up in an in-memory index of what it wrote, and never joined to a
 * path unless they match that exact shape, so traversal is impossible by construction rather than by filtering.
 * A file left in the folder — by an earlier run, or planted — is never served (an earlier run's are deleted at
 * start), a file is opened without following links and must still be the regular file of the size written, and
 * the folder the server creates is private to its user.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Audio formats the store keeps, with their Content-Type. */
export const AUDIO_CONTENT_TYPES = { mp3: 'audio/mpeg', wav: 'audio/wav' } as const;
/** A format the store keeps. */
export type StoredAudioFormat = keyof typeof AUDIO_CONTENT_TYPES;

const NAME_PATTERN = /^[0-9a-f]{32}\.(mp3|wav)$/;

interface Entry {
  readonly size: number;
  readonly createdAt: number;
}

/** Options of the store. */
export interface AudioStoreOptions {
  readonly dir: string;
  readonly ttlSeconds: number;
  readonly maxTotalBytes: number;
  readonly now?: () => number;
}

/** A stored file as a route serves it. */
export interface StoredAudio {
  readonly data: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
}

/** Synthesized audio files with a TTL and a total-size cap. */
export class AudioStore {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: AudioStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  /** True when `name` has the exact shape of a generated file name. */
  static isValidName(name: string): boolean {
    return NAME_PATTERN.test(name);
  }

  /**
   * Creates the folder (private to this user) and deletes the audio files an earlier run left there: their URLs
   * stop working, and nothing this process did not write is ever served. Links and other files are left alone.
   */
  async init(): Promise<void> {
    const created = await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    if (created !== undefined) await chmod(this.options.dir, 0o700);
    for (const name of await readdir(this.options.dir)) {
      if (!NAME_PATTERN.test(name)) continue;
      const info = await lstat(join(this.options.dir, name)).catch(() => undefined);
      if (info?.isFile()) await rm(join(this.options.dir, name), { force: true });
    }
  }

  /** Writes a new file; returns its generated name. */
  async save(data: Uint8Array, format: StoredAudioFormat): Promise<string> {
    const name = `${randomBytes(16).toString('hex')}.${format}`;
    // `wx`: a name already taken (a link planted under it) is never written through.
    await writeFile(join(this.options.dir, name), data, { mode: 0o600, flag: 'wx' });
    this.add(name, { size: data.byteLength, createdAt: this.now() });
    if (this.totalBytes > this.options.maxTotalBytes) await this.sweep();
    return name;
  }

  /** The file's bytes, or undefined when the name was not generated here, has expired or is gone. */
  async read(name: string): Promise<StoredAudio | undefined> {
    const match = NAME_PATTERN.exec(name);
    const entry = this.entries.get(name);
    if (!match || !entry) return undefined;
    if (this.now() - entry.createdAt > this.options.ttlSeconds * 1000) {
      await this.remove(name);
      return undefined;
    }
    const file = await this.readOwn(name, entry.size);
    if (!file) {
      this.forget(name);
      return undefined;
    }
    const data = new Uint8Array(file.buffer as ArrayBuffer, file.byteOffset, file.byteLength);
    return { data, contentType: AUDIO_CONTENT_TYPES[match[1] as StoredAudioFormat] };
  }

  /** The bytes of a file this store wrote, if it is still that: opened without following a link, regular, same size. */
  private async readOwn(name: string, size: number): Promise<Buffer | undefined> {
    const handle = await open(join(this.options.dir, name), constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
    if (!handle) return undefined;
    try {
      const info = await handle.stat();
      if (!info.isFile() || info.size !== size) return undefined;
      return await handle.readFile();
    } catch {
      return undefined;
    } finally {
      await handle.close();
    }
  }

  /** Deletes expired files, then the oldest until the total is under the cap. Returns how many went. */
  async sweep(): Promise<number> {
    const cutoff = this.now() - this.options.ttlSeconds * 1000;
    const doomed: string[] = [];
    let total = this.totalBytes;
    const byAge = [...this.entries].sort((a, b) => a[1].createdAt - b[1].createdAt);
    for (const [name, entry] of byAge) {
      if (entry.createdAt < cutoff || total > this.options.maxTotalBytes) {
        doomed.push(name);
        total -= entry.size;
      }
    }
    await Promise.all(doomed.map((name) => this.remove(name)));
    return doomed.length;
  }

  /** Bytes held now. */
  get size(): number {
    return this.totalBytes;
  }

  /** Files held now. */
  get count(): number {
    return this.entries.size;
  }

  private add(name: string, entry: Entry): void {
    this.entries.set(name, entry);
    this.totalBytes += entry.size;
  }

  private forget(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.entries.delete(name);
    this.totalBytes -= entry.size;
  }

  private async remove(name: string): Promise<void> {
    this.forget(name);
    await rm(join(this.options.dir, name), { force: true });
  }
}
