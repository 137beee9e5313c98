/**
 * What a member of staff reads when joining a call: who, what, the order, what the caller was told. Written by the
 * chat model when it is a free one (OpenAI), from the AI agent's call note otherwise (the offline engine's memory:
 * name, order, plan, problem) and always with the call's tickets, which are what the caller was promised.
 */
import type { CallSummary, Language, Persona } from '@call-center-widget/protocol';
import type { ChatModel } from '../providers/types.ts';
import type { CallNote } from '../stores/call-notes.ts';
import type { Ticket } from '../stores/ticket-store.ts';
import { PERSONA_NAMES } from '../text/personas.ts';

/** The facts of the offline engine's memory staff need (its bookkeeping keys left out). */
const FACTS = ['name', 'order_number', 'plan', 'issue', 'resolution'] as const;

/** The summary of the call in `note` (undefined: the agent has not answered a turn in it yet) with its tickets. */
export async function summarizeCall(
  note: CallNote | undefined,
  tickets: readonly Ticket[],
  language: Language,
  chat?: ChatModel,
  signal?: AbortSignal,
): Promise<CallSummary> {
  const listed = tickets.map((t) => ({ id: t.id, kind: t.kind, status: t.status }));
  if (!note) {
    const none = language === 'ar' ? 'لم يتحدث المتصل مع الوكيل الذكي في هذه المكالمة بعد.' : 'The caller has not talked with the AI agent in this call yet.';
    return { summary: none, source: 'none', persona: null, facts: {}, tickets: listed, updated_at: null };
  }
  const facts: Record<string, string> = {};
  for (const key of FACTS) if (note.memory[key]) facts[key] = note.memory[key]!;
  const base = { persona: note.persona, facts, tickets: listed, updated_at: new Date(note.updatedAt).toISOString() };
  if (chat?.summarize && note.transcript.length > 0) {
    try {
      const transcript = note.transcript.map((l) => ({ role: l.role, content: l.content }));
      return { ...base, summary: await chat.summarize(transcript, language, signal), source: 'model' };
    } catch {
      // The model is down or slow: the notes still say where the call stands.
    }
  }
  return { ...base, summary: fromNotes(note, facts, tickets, language), source: 'notes' };
}

function fromNotes(note: CallNote, facts: Record<string, string>, tickets: readonly Ticket[], language: Language): string {
  const lastWords = [...note.transcript].reverse().find((l) => l.role === 'user')?.content;
  const persona = PERSONA_NAMES[note.persona as Persona]?.[language] ?? note.persona;
  const ar = language === 'ar';
  const parts = [
    facts['name'] ? (ar ? `المتصل: ${facts['name']}.` : `The caller is ${facts['name']}.`) : ar ? 'لم يذكر المتصل اسمه.' : 'The caller has not given a name.',
    ar ? `يتحدث الآن مع ${persona}.` : `Now with ${persona}.`,
    facts['order_number'] ? (ar ? `الطلب رقم ${facts['order_number']}.` : `Order ${facts['order_number']}.`) : '',
    facts['issue'] ? (ar ? `المشكلة: ${facts['issue'].replace('_', ' ')}.` : `Problem: ${facts['issue'].replace('_', ' ')}.`) : '',
    facts['plan'] ? (ar ? `الخطة: ${facts['plan']}.` : `Interested in the ${facts['plan']} plan.`) : '',
    ...tickets.map((t) => (ar ? `قيل للمتصل: التذكرة ${t.id} (${t.kind}).` : `Told the caller: ticket ${t.id} (${t.kind.replace('_', ' ')}) is recorded.`)),
    lastWords ? (ar ? `آخر ما قاله: «${lastWords}»` : `Last said: "${lastWords}"`) : '',
  ];
  return parts.filter(Boolean).join(' ');
}
