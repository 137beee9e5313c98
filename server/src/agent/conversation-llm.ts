/**
 * The conversation core as the Agents framework's LLM. The framework decides when the customer's turn is over
 * and asks for a reply; the reply comes from `runTurn` with our chat provider (the local persona engine or
 * OpenAI), for the customer's last message, with the history, persona and memory our conversation store keeps.
 * The framework's own chat context (its instructions and copy of the history) is not sent anywhere.
 */
import { DEFAULT_API_CONNECT_OPTIONS, llm, shortuuid, type APIConnectOptions } from '@livekit/agents';
import type { ChatModel } from '../providers/types.ts';
import type { CallConversation } from './call-conversation.ts';

/** `llm.LLM` answering through a call's conversation. */
export class ConversationLlm extends llm.LLM {
  constructor(
    readonly call: CallConversation,
    private readonly engine: ChatModel,
  ) {
    super();
  }

  label(): string {
    return 'ccw.ConversationLlm';
  }

  override get model(): string {
    return this.engine.name;
  }

  override get provider(): string {
    return 'call-center-widget';
  }

  chat({ chatCtx, connOptions = DEFAULT_API_CONNECT_OPTIONS }: { chatCtx: llm.ChatContext; connOptions?: APIConnectOptions }): llm.LLMStream {
    return new ConversationStream(this, { chatCtx, connOptions });
  }
}

class ConversationStream extends llm.LLMStream {
  constructor(
    private readonly owner: ConversationLlm,
    options: { chatCtx: llm.ChatContext; connOptions: APIConnectOptions },
  ) {
    super(owner, options);
  }

  protected async run(): Promise<void> {
    const message = lastCustomerMessage(this.chatCtx);
    // A person from staff is talking with the customer: the agent keeps quiet.
    if (!message || this.owner.call.standingBy) return;
    const id = shortuuid('ccw_turn_');
    // Aborted when the framework drops the reply (the customer spoke over it): the turn is cancelled in the core.
    for await (const text of this.owner.call.reply(message, this.abortController.signal)) {
      this.queue.put({ id, delta: { role: 'assistant', content: text } });
    }
  }
}

/** The text of the newest customer message in the framework's chat context. */
function lastCustomerMessage(chatCtx: llm.ChatContext): string | undefined {
  for (let i = chatCtx.items.length - 1; i >= 0; i--) {
    const item = chatCtx.items[i]!;
    if (item.type === 'message' && item.role === 'user') return item.textContent?.trim() || undefined;
  }
  return undefined;
}
