/**
 * A small localize controller in the manner of Shoelace's `utilities/localize.ts`: typed translations keyed by
 * language code, resolved exact -> primary subtag -> English, and `term()` / `dir()` / `lang()` for templates.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import ar from './ar.ts';
import en from './en.ts';
import type { Translation } from './translation.ts';

/** The terms of a translation (everything but `$code`, `$name`, `$dir`). */
export type Terms = Omit<Translation, '$code' | '$name' | '$dir'>;
/** The arguments a term takes: none for a plain string, the function's parameters otherwise. */
export type TermArgs<K extends keyof Terms> = Terms[K] extends (...args: infer A) => string ? A : [];

const translations = new Map<string, Translation>([
  [en.$code, en],
  [ar.$code, ar],
]);
const controllers = new Set<LocalizeController>();

/** Adds or replaces translations (e.g. a site's own wording, or another language); open widgets re-render. */
export function registerTranslation(...added: Translation[]): void {
  for (const t of added) translations.set(t.$code.toLowerCase(), t);
  for (const c of controllers) c.refresh();
}

/** The translation for a code: exact match, then the primary subtag ('ar-EG' -> 'ar'), then English. */
export function resolveTranslation(code: string | undefined): Translation {
  const lower = (code ?? '').toLowerCase();
  return translations.get(lower) ?? translations.get(lower.split('-')[0] ?? '') ?? en;
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

  /** The whole translation in effect. */
  translation(): Translation {
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

  /** One localized string; terms that take arguments are called with them. */
  term<K extends keyof Terms>(key: K, ...args: TermArgs<K>): string {
    const value = this.translation()[key] as string | ((...a: unknown[]) => string);
    return typeof value === 'function' ? value(...args) : value;
  }

  /** Formats whole seconds as m:ss (or h:mm:ss), with the locale's digits left to the page (Latin digits). */
  duration(totalSeconds: number): string {
    const s = Math.max(0, Math.floor(totalSeconds));
    const hh = Math.floor(s / 3600);
    const mm = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, '0');
    return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${String(mm).padStart(2, '0')}:${ss}`;
  }
}
