/**
 * The offline chat provider: the local persona engine behind the ChatModel contract, streamed word by word so
 * the turn pipeline can synthesize the first sentence while the rest is still arriving.
 */
import { LANGUAGES, PERSONAS, ProviderError, type ChatCapabilities, type ChatEvent, type ChatModel, type ChatRequest } from '../types.ts';
import { respond } from './persona-engine.ts';

/** Splits text into word-sized chunks that keep their spaces, so joining the chunks gives the text back. */
export function wordChunks(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [];
}

/** The scripted bilingual persona engine as a chat model; deterministic and always available. */
export class LocalChat implements ChatModel {
  readonly name = 'local' as const;

  /** Reports a scripted model that speaks English and Arabic. */
  capabilities(): ChatCapabilities {
    return { available: true, languages: [...LANGUAGES], kind: 'scripted' };
  }

  /** Streams one turn: deltas, then `transfer` / `handoff` / `ticket` where they happen, then `done` with the memory. */
  async *reply(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<ChatEvent> {
    signal?.throwIfAborted();
    // Routes validate these; a direct caller with a bad value gets a clear error, not a crash in a lookup.
    if (!LANGUAGES.includes(request.language)) {
      throw new ProviderError('unsupported_language', `The local assistant speaks ${LANGUAGES.join(' and ')}, not "${String(request.language)}".`);
    }
    if (!PERSONAS.includes(request.persona)) {
      throw new ProviderError('provider_error', `Unknown persona "${String(request.persona)}".`);
    }
    const turn = respond(request);
    const steps = turn.steps;
    for (const [index, step] of steps.entries()) {
      if (step.type !== 'say') {
        signal?.throwIfAborted();
        if (step.type === 'transfer') yield { type: 'transfer', to: step.to, reason: step.reason };
        else if (step.type === 'handoff') yield { type: 'handoff', reason: step.reason };
        else {
          const { kind, orderNumber, contact, summary } = step;
          yield { type: 'ticket', kind, ...(orderNumber ? { orderNumber } : {}), ...(contact ? { contact } : {}), summary };
        }
        continue;
      }
      // A space before the next persona's words keeps the concatenated reply readable ("team. Hello").
      const more = steps.slice(index + 1).some((s) => s.type === 'say');
      for (const chunk of wordChunks(more ? `${step.text} ` : step.text)) {
        signal?.throwIfAborted();
        yield { type: 'delta', text: chunk };
      }
    }
    signal?.throwIfAborted();
    yield { type: 'done', memory: turn.memory };
  }
}
