/** Finding the conversation a turn belongs to: the live one its id names, or a new one. */
import { ApiError } from '../errors.ts';
import type { ConversationHistory, ConversationMessage } from '@call-center-widget/protocol';
import { recall } from '../providers/local/persona-engine.ts';
import type { ChatMessage, Language, Persona } from '../providers/types.ts';
import type { Conversation, ConversationStore } from '../stores/conversation-store.ts';

/**
 * The conversation for a turn. A given persona only chooses who answers first; afterwards transfers decide. An
 * id the store has forgotten is 404 `conversation_not_found`: the client starts anew with the same message.
 */
export function openConversation(store: ConversationStore, id: string | undefined, persona: Persona | undefined, language: Language): Conversation {
  if (id === undefined) return store.create(persona ?? 'reception', language);
  const conversation = store.get(id);
  if (!conversation) {
    throw new ApiError(
      'conversation_not_found',
      'This conversation has ended or expired. Start a new one by sending the message without conversation_id.',
    );
  }
  return conversation;
}

/**
 * A new conversation continued from `messages` (a transcript the client shows, oldest first): the history the
 * store keeps (an agent's consecutive messages, a transfer, become one reply with its parts), the persona answering
 * now, and the memory the persona engine rebuilds from the customer's words. The store's turn cap applies.
 */
export function resumeConversation(
  store: ConversationStore,
  messages: readonly ConversationMessage[],
  persona: Persona | undefined,
  language: Language,
): Conversation {
  const history: ChatMessage[] = [];
  for (const m of messages) {
    const text = m.text.trim();
    if (text === '') continue;
    const last = history.at(-1);
    if (m.role === 'customer') {
      history.push({ role: 'user', content: text });
    } else if (last?.role === 'assistant') {
      const parts = [...(last.parts ?? [{ persona: last.persona ?? 'reception', text: last.content }]), { persona: m.persona ?? last.persona ?? 'reception', text }];
      history[history.length - 1] = { role: 'assistant', content: `${last.content} ${text}`, persona: parts.at(-1)!.persona, parts };
    } else {
      history.push({ role: 'assistant', content: text, persona: m.persona ?? 'reception' });
    }
  }
  const answering = persona ?? history.findLast((m) => m.role === 'assistant')?.persona ?? 'reception';
  const conversation = store.create(answering, language);
  const said = history.filter((m) => m.role === 'user').map((m) => m.content);
  store.restore(conversation, history, recall(said, messages.find((m) => m.role === 'agent')?.persona ?? 'reception', language));
  return conversation;
}

/** A conversation as the API answers it (history, resume, a staff chat): a transferred reply shows as it was heard. */
export function historyOf(found: Conversation): ConversationHistory {
  return {
    conversation_id: found.id,
    persona: found.persona,
    language: found.language,
    messages: found.history.flatMap((m): ConversationHistory['messages'] => {
      if (m.role === 'user') return [{ role: 'customer', text: m.content }];
      // A transferred reply shows as it was heard: each persona's part under its own name.
      if (m.parts) return m.parts.map((p) => ({ role: 'agent' as const, text: p.text, persona: p.persona }));
      return [{ role: 'agent', text: m.content, ...(m.persona ? { persona: m.persona } : {}) }];
    }),
  };
}
