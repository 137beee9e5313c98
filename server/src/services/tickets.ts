/**
 * A turn's ticket: written first, announced after. The sentence that tells the customer the number is the
 * server's, never the model's, so a number the customer hears always exists; when the write fails they are told
 * that nothing was recorded.
 */
import type { Language, Persona, Ticket, TicketKind } from '@call-center-widget/protocol';
import type { ChatMessage } from '../providers/types.ts';
import type { Ticket as StoredTicket, TicketStore } from '../stores/ticket-store.ts';

/** What the turn knows when the chat model asks for a ticket. */
export interface TicketRequest {
  readonly kind: TicketKind;
  readonly orderNumber?: string;
  readonly contact?: string;
  readonly summary: string;
  readonly conversationId: string;
  readonly persona: Persona;
  readonly language: Language;
  /** The conversation so far, and the customer's message of this turn. */
  readonly history: readonly ChatMessage[];
  readonly message: string;
  /** The call's LiveKit room, when the AI agent holds the call there. */
  readonly roomName?: string;
  /** For a request for a person: whether a member of staff can join now (said to the customer). */
  readonly staffCanJoin?: boolean;
  /** Where they would join: the LiveKit call, or the text chat of a conversation held over HTTP. */
  readonly joinIn?: 'call' | 'chat';
}

/** The outcome: the ticket's number (absent when it could not be written) and the sentence that says so. */
export interface TicketOutcome {
  readonly id?: number;
  readonly sentence: string;
}

/** Most of a conversation a ticket keeps: the last lines, up to this many. */
const TRANSCRIPT_LINES = 60;

/** Writes the ticket (or finds the one this conversation already has for the same thing) and words the result. */
export function recordTicket(store: TicketStore | undefined, request: TicketRequest, logError?: (message: string, err: unknown) => void): TicketOutcome {
  if (!store) return { sentence: notRecorded(request.language) };
  try {
    const transcript = [...request.history, { role: 'user' as const, content: request.message }].slice(-TRANSCRIPT_LINES).map((m) => ({
      role: m.role,
      content: m.content,
      ...(m.role === 'assistant' && m.persona ? { persona: m.persona } : {}),
    }));
    const { ticket } = store.create({
      kind: request.kind,
      conversationId: request.conversationId,
      persona: request.persona,
      language: request.language,
      orderNumber: request.orderNumber,
      contact: request.contact,
      summary: request.summary,
      transcript,
      roomName: request.roomName,
    });
    const sentence = recorded(request.language, ticket.id, request.kind, request.orderNumber);
    return { id: ticket.id, sentence: request.kind === 'human_request' ? `${sentence} ${availability(request.language, request.staffCanJoin === true, request.joinIn ?? 'call')}` : sentence };
  } catch (err) {
    logError?.('ticket could not be recorded', err);
    return { sentence: notRecorded(request.language) };
  }
}

const WHAT: Readonly<Record<Language, Readonly<Record<TicketKind, string>>>> = {
  en: { refund: 'your refund request', escalation: 'your escalation', callback: 'your callback request', human_request: 'your request to speak with a person' },
  ar: { refund: 'طلب استرداد المبلغ', escalation: 'طلب تصعيد حالتك', callback: 'طلب معاودة الاتصال', human_request: 'طلب التحدث مع موظف' },
};

function recorded(language: Language, id: number, kind: TicketKind, order?: string): string {
  if (language === 'ar') return `لقد سجّلت التذكرة رقم ${id} بخصوص ${WHAT.ar[kind]}${order ? ` للطلب رقم ${order}` : ''}.`;
  return `I have recorded ticket ${id} for ${WHAT.en[kind]}${order ? ` on order ${order}` : ''}.`;
}

/** Whether someone can come: said as it is, never as a promise; without anyone, a callback is offered. */
function availability(language: Language, staffCanJoin: boolean, joinIn: 'call' | 'chat'): string {
  if (language === 'ar') {
    if (!staffCanJoin) return 'لا يستطيع أحد من فريقنا الانضمام الآن. إن أردت أن نعاود الاتصال بك، فأخبرني برقم هاتفك أو بريدك الإلكتروني.';
    return joinIn === 'chat'
      ? 'وقد نُبّه من يعمل الآن من فريقنا، ويمكنه الرد عليك هنا في المحادثة.'
      : 'وقد نُبّه من يعمل الآن من فريقنا، ويمكنه الانضمام إلى هذه المكالمة.';
  }
  if (!staffCanJoin) return `Nobody from our team can join ${joinIn === 'chat' ? 'this chat' : 'this call'} right now. If you would like a call back, tell me a phone number or an email address.`;
  return joinIn === 'chat'
    ? 'A member of our team who is working now has been alerted and can reply to you here in the chat.'
    : 'A member of our team who is working now has been alerted and can join this call.';
}

function notRecorded(language: Language): string {
  if (language === 'ar') return 'لم أتمكن من تسجيل طلبك الآن، فلم يُسجَّل أي شيء. يُرجى المحاولة مرة أخرى بعد قليل.';
  return 'I could not record your request just now, so nothing has been recorded. Please try again in a moment.';
}

/** A member of staff is in the call: its open requests for a person are answered, closed in their name. */
export function answerCallRequests(store: TicketStore | undefined, roomName: string, by: string): void {
  for (const t of store?.forCall(roomName) ?? []) {
    if (t.kind === 'human_request' && t.status === 'open') store!.close(t.id, by, 'Joined the call.');
  }
}

/** A stored ticket as the API answers it. */
export function ticketJson(t: StoredTicket): Ticket {
  return {
    id: t.id,
    kind: t.kind,
    status: t.status,
    conversation_id: t.conversationId,
    persona: t.persona as Ticket['persona'],
    language: t.language as Ticket['language'],
    order_number: t.orderNumber ?? null,
    room_name: t.roomName ?? null,
    contact: t.contact ?? null,
    summary: t.summary,
    transcript: t.transcript.map((l) => ({ role: l.role, content: l.content, ...(l.persona ? { persona: l.persona as Ticket['persona'] } : {}) })),
    created_at: t.createdAt,
    closed_at: t.closedAt ?? null,
    closed_by: t.closedBy ?? null,
    close_note: t.closeNote ?? null,
  };
}
