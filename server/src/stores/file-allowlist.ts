/**
 * The files a folder may serve, listed by scanning it: a request names a key of this list or gets nothing, so
 * no path a client sends is ever joined onto the folder (traversal is impossible by construction). The list is
 * scanned again on a miss at most once a second, so a rebuild (new chunk names) needs no restart.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** What a lookup found: the file's absolute path, nothing by that name, or no folder at all. */
export type Lookup = { readonly path: string } | 'not_found' | 'folder_missing';

/** Options of a FileAllowlist. */
export interface FileAllowlistOptions {
  /** Extensions served, with the dot: `.js`, `.map`. Files with any other ending are not listed. */
  readonly extensions: readonly string[];
  /** How many folder levels below the root are listed (0: the root's own files only). */
  readonly maxDepth: number;
  /** Minimum milliseconds between two scans caused by misses. */
  readonly rescanMs?: number;
}

// One path segment: letters, digits and `._@-`, never starting with a dot (no `..`, no `.env`, no `.git`).
const SEGMENT = /^[A-Za-z0-9_@][A-Za-z0-9._@-]*$/;

/** Whether `name` (slash-separated, already percent-decoded) is shaped like a file this module could list. */
export function isSafeName(name: string): boolean {
  return name.length > 0 && name.length <= 512 && name.split('/').every((s) => SEGMENT.test(s));
}

/** The regular files of one folder (symlinks and dotfiles excluded), by their slash-separated relative name. */
export class FileAllowlist {
  private readonly root: string;
  private readonly extensions: ReadonlySet<string>;
  private readonly maxDepth: number;
  private readonly rescanMs: number;
  private files: Map<string, string> | undefined;
  private scannedAt = Number.NEGATIVE_INFINITY;
  private scanning: Promise<void> | undefined;

  constructor(root: string, options: FileAllowlistOptions) {
    this.root = root;
    this.extensions = new Set(options.extensions);
    this.maxDepth = options.maxDepth;
    this.rescanMs = options.rescanMs ?? 1000;
  }

  /** Finds `name` in the list (scanning first if the list is missing or stale). */
  async lookup(name: string): Promise<Lookup> {
    if (!this.files || (!this.files.has(name) && Date.now() - this.scannedAt >= this.rescanMs)) await this.scan();
    if (!this.files) return 'folder_missing';
    const path = this.files.get(name);
    return path === undefined ? 'not_found' : { path };
  }

  /** Lists the folder now; resolves when done (concurrent callers share one scan). */
  scan(): Promise<void> {
    this.scanning ??= this.list()
      .then((files) => {
        this.files = files;
      })
      .finally(() => {
        this.scannedAt = Date.now();
        this.scanning = undefined;
      });
    return this.scanning;
  }

  private async list(): Promise<Map<string, string> | undefined> {
    const files = new Map<string, string>();
    const walk = async (dir: string, prefix: string, depth: number): Promise<boolean> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return false;
      }
      for (const entry of entries) {
        if (!SEGMENT.test(entry.name)) continue;
        const key = prefix + entry.name;
        if (entry.isFile() && this.extensions.has(extension(entry.name))) files.set(key, join(dir, entry.name));
        else if (entry.isDirectory() && depth < this.maxDepth && entry.name !== 'node_modules') {
          await walk(join(dir, entry.name), `${key}/`, depth + 1);
        }
      }
      return true;
    };
    return (await walk(this.root, '', 0)) ? files : undefined;
  }
}

/** The extension that decides the Content-Type: `.map` for `x.js.map`, `.js` for `x.js`. */
export function extension(name: string): string {
  return extname(name).toLowerCase();
}
