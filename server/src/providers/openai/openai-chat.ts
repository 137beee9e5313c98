/**
 * Persona conversation through streaming chat completions. Transfers are tool calls: when the model calls
 * `transfer_to_persona`, the turn continues in the same stream of events as the new persona (a second
 * completion with its system prompt); `request_human_agent` ends the turn with a handoff.
 */
import type OpenAI from 'openai';
import {
  PERSONAS,
  ProviderError,
  type ChatCapabilities,
  type ChatEvent,
  type ChatMessage,
  type ChatModel,
  type ChatRequest,
  type Language,
  type Persona,
} from '../types.ts';
import { oneLine } from '../../text/one-line.ts';
import { abortError, toProviderError } from './client.ts';
import {
  HUMAN_TOOL,
  MODEL_TICKET_KINDS,
  TICKET_TOOL,
  TRANSFER_TOOL,
  chatTools,
  handoffAnnouncement,
  memoryLine,
  summaryPrompt,
  systemPrompt,
  ticketNote,
  transferNote,
} from './prompts.ts';

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type Tool = OpenAI.Chat.Completions.ChatCompletionFunctionTool;

/** One tool call as assembled from its streamed fragments. */
interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** What one streamed completion produced, besides the deltas it already yielded. */
interface Completion {
  readonly text: string;
  readonly toolCalls: readonly ToolCall[];
}

/** The model's decision to move the call, once its arguments have been checked. */
type Action =
  | { readonly kind: 'transfer'; readonly to: Persona; readonly reason: string }
  | { readonly kind: 'handoff'; readonly reason: string }
  | { readonly kind: 'ticket'; readonly call: ToolCall; readonly ticket: Extract<ChatEvent, { type: 'ticket' }> };

const WHAT = 'The assistant';

/** Persona conversation through the `openai` SDK's streaming chat completions. */
export class OpenAIChat implements ChatModel {
  readonly name = 'openai' as const;
  private readonly client: OpenAI;
  private readonly model: string;

  /** `client` from createOpenAIClient (its timeout is also the stream's idle limit); `model` e.g. gpt-4o-mini. */
  constructor(client: OpenAI, model: string) {
    this.client = client;
    this.model = model;
  }

  capabilities(): ChatCapabilities {
    return { available: true, languages: ['en', 'ar'], kind: 'free' };
  }

  async summarize(transcript: readonly ChatMessage[], language: Language, signal?: AbortSignal): Promise<string> {
    const lines = transcript.map((m) => `${m.role === 'user' ? 'Caller' : 'Agent'}: ${m.content}`).join('\n');
    try {
      const completion = await this.client.chat.completions.create(
        { model: this.model, messages: [{ role: 'system', content: summaryPrompt(language) }, { role: 'user', content: lines }] },
        { signal },
      );
      const text = completion.choices[0]?.message?.content?.trim() ?? '';
      if (text === '') throw emptyReply();
      return text;
    } catch (err) {
      throw toProviderError(err, 'The summary');
    }
  }

  async *reply(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<ChatEvent, void, undefined> {
    const first = yield* this.complete(messagesFor(request.persona, request), chatTools(request.persona), signal);
    const action = chooseAction(first.toolCalls, request.persona);

    if (action?.kind === 'transfer') {
      yield { type: 'transfer', to: action.to, reason: action.reason };
      // No tools for the persona taking over: one transfer per turn, so a turn can never bounce back and forth.
      const note: Message = { role: 'system', content: transferNote(request.persona, action.to, action.reason, request.language) };
      const second = yield* this.complete([...messagesFor(action.to, request), note], undefined, signal);
      if (second.text.trim() === '') throw emptyReply();
    } else if (action?.kind === 'ticket') {
      // The server writes the ticket and says its number; the model then says what happens next, without tools.
      yield action.ticket;
      const call: Message = {
        role: 'assistant',
        content: first.text === '' ? null : first.text,
        tool_calls: [{ id: action.call.id, type: 'function', function: { name: action.call.name, arguments: action.call.arguments } }],
      };
      const result: Message = { role: 'tool', tool_call_id: action.call.id, content: ticketNote(request.language) };
      yield* this.complete([...messagesFor(request.persona, request), call, result], undefined, signal);
    } else if (action?.kind === 'handoff') {
      yield { type: 'handoff', reason: action.reason };
      if (first.text.trim() === '') yield { type: 'delta', text: handoffAnnouncement(request.language) };
    } else if (first.text.trim() === '') {
      // Neither words nor a usable tool call (e.g. a transfer with broken arguments): ask again without tools.
      const retry = yield* this.complete(messagesFor(request.persona, request), undefined, signal);
      if (retry.text.trim() === '') throw emptyReply();
    }
    yield { type: 'done' };
  }

  /** Streams one completion, yielding its text deltas, and returns its text and tool calls. */
  private async *complete(messages: Message[], tools: Tool[] | undefined, signal: AbortSignal | undefined): AsyncGenerator<ChatEvent, Completion, undefined> {
    // The SDK's timeout stops at the response headers; a stream that goes quiet afterwards needs a watchdog.
    const watchdog = new AbortController();
    const requestSignal = signal ? AbortSignal.any([signal, watchdog.signal]) : watchdog.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (err: unknown): unknown => {
      if (signal?.aborted) return abortError();
      if (watchdog.signal.aborted) return new ProviderError('provider_timeout', `${WHAT} stopped answering mid-reply. Please try again.`, { cause: err });
      return toProviderError(err, WHAT);
    };

    let stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>;
    try {
      stream = await this.client.chat.completions.create(
        { model: this.model, messages, stream: true, ...(tools ? { tools } : {}) },
        { signal: requestSignal },
      );
    } catch (err) {
      throw fail(err);
    }

    let text = '';
    let finished = false;
    const calls: ToolCall[] = [];
    try {
      // Armed only while waiting on upstream, never while the consumer holds a yielded delta (it may be
      // synthesizing speech for it).
      timer = setTimeout(() => watchdog.abort(), this.client.timeout);
      for await (const chunk of stream) {
        clearTimeout(timer);
        const choice = chunk.choices?.[0];
        if (choice) {
          if (choice.finish_reason) finished = true;
          for (const fragment of choice.delta?.tool_calls ?? []) mergeToolCall(calls, fragment);
          const content = choice.delta?.content;
          if (content) {
            text += content;
            yield { type: 'delta', text: content };
          }
        }
        timer = setTimeout(() => watchdog.abort(), this.client.timeout);
      }
    } catch (err) {
      throw fail(err);
    } finally {
      clearTimeout(timer);
    }
    // The SDK ends an aborted stream quietly instead of throwing, so the reason is checked here.
    if (signal?.aborted || watchdog.signal.aborted) throw fail(abortError());
    // A stream that closed without a finish_reason was cut; half a reply must not pass as a whole one.
    if (!finished) throw new ProviderError('provider_error', `${WHAT} was cut off mid-answer. Please try again.`);
    return { text, toolCalls: calls };
  }
}

/** System prompt, remembered facts, history and the customer's message, for `persona`. */
function messagesFor(persona: Persona, request: ChatRequest): Message[] {
  const messages: Message[] = [{ role: 'system', content: systemPrompt(persona, request.language) }];
  const facts = memoryLine(request.memory, request.language);
  if (facts) messages.push({ role: 'system', content: facts });
  for (const turn of request.history) messages.push({ role: turn.role, content: turn.content });
  messages.push({ role: 'user', content: request.message });
  return messages;
}

/** Adds one streamed fragment to its tool call: id and name arrive first, the JSON arguments in pieces. */
function mergeToolCall(calls: ToolCall[], fragment: OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta.ToolCall): void {
  // Some compatible servers omit `index`; a new id then starts a new call and anything else continues the last.
  let index = typeof fragment.index === 'number' ? fragment.index : calls.findIndex((c) => c.id !== '' && c.id === fragment.id);
  if (index < 0) index = fragment.id ? calls.length : Math.max(calls.length - 1, 0);
  const call = (calls[index] ??= { id: '', name: '', arguments: '' });
  if (fragment.id) call.id = fragment.id;
  if (fragment.function?.name) call.name += fragment.function.name;
  if (fragment.function?.arguments) call.arguments += fragment.function.arguments;
}

/** The first tool call whose name and arguments make sense; malformed ones are ignored, as if not made. */
function chooseAction(calls: readonly ToolCall[], current: Persona): Action | undefined {
  for (const call of calls) {
    const args = parseArguments(call.arguments, call.name === HUMAN_TOOL);
    if (!args) continue;
    const reason = typeof args['reason'] === 'string' ? args['reason'].trim() : '';
    if (call.name === TRANSFER_TOOL) {
      const to = args['persona'];
      if (typeof to === 'string' && (PERSONAS as readonly string[]).includes(to) && to !== current) {
        return { kind: 'transfer', to: to as Persona, reason };
      }
    } else if (call.name === HUMAN_TOOL) {
      return { kind: 'handoff', reason };
    } else if (call.name === TICKET_TOOL) {
      const ticket = ticketOf(args);
      if (ticket) return { kind: 'ticket', call, ticket };
    }
  }
  return undefined;
}

/** A ticket from the tool's arguments: a known kind and a summary; order number and contact when given. */
function ticketOf(args: Record<string, unknown>): Extract<ChatEvent, { type: 'ticket' }> | undefined {
  const text = (key: string, max: number): string => (typeof args[key] === 'string' ? oneLine(args[key], max) : '');
  const kind = args['kind'];
  if (typeof kind !== 'string' || !(MODEL_TICKET_KINDS as readonly string[]).includes(kind)) return undefined;
  const summary = text('summary', 300);
  if (summary === '') return undefined;
  const orderNumber = text('order_number', 40);
  const contact = text('contact', 200);
  return {
    type: 'ticket',
    kind: kind as (typeof MODEL_TICKET_KINDS)[number],
    summary,
    ...(orderNumber ? { orderNumber } : {}),
    ...(contact ? { contact } : {}),
  };
}

function parseArguments(raw: string, emptyIsObject: boolean): Record<string, unknown> | undefined {
  // A human request needs no arguments to be meaningful; a transfer does.
  if (raw.trim() === '') return emptyIsObject ? {} : undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function emptyReply(): ProviderError {
  return new ProviderError('provider_error', `${WHAT} gave an empty answer. Please try again.`);
}
