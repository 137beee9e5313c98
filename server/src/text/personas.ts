/**
 * Display names of the personas in every language the product speaks, for `/api/config` and the widget.
 */
import { PERSONAS, type Language, type Persona } from '../providers/types.ts';

/** What the customer sees as the name of each persona, per language. */
export const PERSONA_NAMES: Readonly<Record<Persona, Readonly<Record<Language, string>>>> = {
  reception: { en: 'Reception', ar: 'الاستقبال' },
  sales: { en: 'Sales', ar: 'المبيعات' },
  complaints: { en: 'Complaints', ar: 'الشكاوى' },
};

/** Narrows untrusted input (a request field) to a persona. */
export function isPersona(value: unknown): value is Persona {
  return typeof value === 'string' && (PERSONAS as readonly string[]).includes(value);
}
