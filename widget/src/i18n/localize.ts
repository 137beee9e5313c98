/**
 * A small localize controller in the manner of Shoelace's `utilities/localize.ts`: typed translations keyed by
 * language code, resolved exact -> primary subtag -> English, and `term()` / `dir()` / `lang()` for templates.
 * The first download holds only the shell's words of English and Arabic (shell.ts); the call module brings the
 * whole of en.ts and ar.ts and hands them to `addBuiltInTranslations`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { arShell, enShell } from './shell.ts';
import type { ShellTranslation, Translation } from './translation.ts';

/** The terms of a translation (everything but `$code`, `$name`, `$dir`). */
export type Terms = Omit<Translation, '$code' | '$name' | '$dir'>;
/** The arguments a term takes: none for a plain string, the function's parameters otherwise. */
export type TermArgs<K extends keyof Terms> = Terms[K] extends (...args: infer A) => string ? A : [];
/** A translation as far as it is known now: the shell's terms at least, every term once loaded. */
export type KnownTranslation = ShellTranslation & Partial<Translation>;

/** The page's own translations (`registerTranslation`), which win over the built-in ones. */
const registered = new Map<string, Translation>();
const builtIn = new Map<string, KnownTranslation>([
  [enShell.$code, enShell],
  [arShell.$code, arShell],
]);
const controllers = new Set<LocalizeController>();

/** Adds or replaces translations (e.g. a site's own wording, or another language); open widgets re-render. */
export function registerTranslation(...added: Translation[]): void {
  for (const t of added) registered.set(t.$code.toLowerCase(), t);
  refreshAll();
}

/** The whole built-in translations, from the call module (until then only the shell's terms are known). */
export function addBuiltInTranslations(...added: Translation[]): void {
  for (const t of added) builtIn.set(t.$code, t);
  refreshAll();
}

function refreshAll(): void {
  for (const c of controllers) c.refresh();
}

function find(code: string): KnownTranslation | undefined {
  return registered.get(code) ?? builtIn.get(code);
}

/** The translation for a code: exact match, then the primary subtag ('ar-EG' -> 'ar'), then English. */
export function resolveTranslation(code: string | undefined): KnownTranslation {
  const lower = (code ?? '').toLowerCase();
  return find(lower) ?? find(lower.split('-')[0] ?? '') ?? find('en')!;
}

/** The language the page speaks: `<html lang>`, else the browser's first language. */
export function pageLanguage(): string {
  return document.documentElement.lang || navigator.language || 'en';
}

/** Gives a host localized terms for whatever language `language()` returns at render time. */
export class LocalizeController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly language: () => string;

  constructor(host: ReactiveControllerHost, language: () => string) {
    this.host = host;
    this.language = language;
    host.addController(this);
  }

  hostConnected(): void {
    controllers.add(this);
  }

  hostDisconnected(): void {
    controllers.delete(this);
  }

  /** Re-renders the host; `registerTranslation` calls it so new wording shows at once. */
  refresh(): void {
    this.host.requestUpdate();
  }

  /** The translation in effect. */
  translation(): KnownTranslation {
    return resolveTranslation(this.language());
  }

  /** The code of the translation in effect ('en', 'ar', ...), for a `lang` attribute. */
  lang(): string {
    return this.translation().$code;
  }

  /** The writing direction of the translation in effect, for a `dir` attribute. */
  dir(): 'ltr' | 'rtl' {
    return this.translation().$dir;
  }

  /** One localized string; terms that take arguments are called with them. A term the translation lacks is English. */
  term<K extends keyof Terms>(key: K, ...args: TermArgs<K>): string {
    const value = (this.translation()[key] ?? find('en')![key] ?? '') as string | ((...a: unknown[]) => string);
    return typeof value === 'function' ? value(...args) : value;
  }
}
