/** Names both halves share: personas, languages, provider names. */
import { z } from 'zod';

/** The three AI personas of the call center. */
export const Persona = z.enum(['reception', 'sales', 'complaints']).meta({
  id: 'Persona',
  description: 'Reception greets and routes; sales handles plans and pricing; complaints handles problems and refunds.',
});
export type Persona = z.infer<typeof Persona>;
/** Every persona, in the order the product lists them. */
export const PERSONAS: readonly Persona[] = Persona.options;

/** Languages the product speaks end to end. */
export const Language = z.enum(['en', 'ar']).meta({ id: 'Language', description: 'English or Arabic.' });
export type Language = z.infer<typeof Language>;
/** Every language, English first. */
export const LANGUAGES: readonly Language[] = Language.options;

/** A language a client asks for: one of the languages, or `auto` (detect from the speech or text). */
export const LanguageChoice = z.enum(['en', 'ar', 'auto']).meta({
  id: 'LanguageChoice',
  description: '`auto` (or absent): detected from the speech or text, else the conversation keeps its language.',
});
export type LanguageChoice = z.infer<typeof LanguageChoice>;

/** Which implementation serves a capability on the server. */
export const ProviderName = z.enum(['openai', 'local']).meta({ id: 'ProviderName' });
export type ProviderName = z.infer<typeof ProviderName>;

/** A persona's display name in every language. */
export const PersonaNames = z.object({ en: z.string(), ar: z.string() });
export type PersonaNames = z.infer<typeof PersonaNames>;
