/** Finding the conversation a turn belongs to: the live one its id names, or a new one. */
import { ApiError } from '../errors.ts';
import type { Language, Persona } from '../providers/types.ts';
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
