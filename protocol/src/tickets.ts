/**
 * Tickets: what a call asked for that a person must do. The agent records one (a row in the server's database)
 * before it tells the customer its number; staff list and close them (`/api/admin/tickets`, the console next).
 */
import { z } from 'zod';
import { Language, Persona } from './common.ts';

/** What the customer asked for. */
export const TicketKind = z.enum(['refund', 'escalation', 'callback', 'human_request']).meta({
  id: 'TicketKind',
  description: 'refund or escalation of an order; a callback; a request for a person nobody could take.',
});
export type TicketKind = z.infer<typeof TicketKind>;
export const TICKET_KINDS: readonly TicketKind[] = TicketKind.options;

export const TicketStatus = z.enum(['open', 'closed']).meta({ id: 'TicketStatus' });
export type TicketStatus = z.infer<typeof TicketStatus>;

/** A recorded ticket (turn event `ticket`, and over the room from the AI agent). */
export const TicketEvent = z
  .object({ type: z.literal('ticket'), id: z.number().int().positive(), kind: TicketKind })
  .meta({ id: 'TicketEvent', description: 'A ticket was written; the reply that follows tells the customer its number.' });
export type TicketEvent = z.infer<typeof TicketEvent>;

/** One line of the conversation as the ticket keeps it. */
export const TicketLine = z.object({ role: z.enum(['user', 'assistant']), content: z.string(), persona: Persona.optional() });

/** A ticket as staff see it. */
export const Ticket = z
  .object({
    id: z.number().int().positive(),
    kind: TicketKind,
    status: TicketStatus,
    conversation_id: z.string(),
    persona: Persona,
    language: Language,
    order_number: z.string().nullable(),
    room_name: z.string().nullable().meta({ description: 'The LiveKit room of the call, when the AI agent held it there.' }),
    contact: z.string().nullable(),
    summary: z.string(),
    transcript: z.array(TicketLine),
    created_at: z.string(),
    closed_at: z.string().nullable(),
    closed_by: z.string().nullable(),
    close_note: z.string().nullable(),
  })
  .meta({ id: 'Ticket' });
export type Ticket = z.infer<typeof Ticket>;

/** `GET /api/admin/tickets` query. */
export const TicketListQuery = z
  .object({
    status: TicketStatus.optional(),
    kind: TicketKind.optional(),
    limit: z.coerce.number().int().min(1).max(200).optional().meta({ description: 'At most this many, newest first (default 50).' }),
    before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().meta({ description: 'Only tickets numbered below this (the next page).' }),
  })
  .meta({ id: 'TicketListQuery' });

/** `GET /api/admin/tickets` answer. */
export const TicketList = z.object({ tickets: z.array(Ticket) }).meta({ id: 'TicketList' });
export type TicketList = z.infer<typeof TicketList>;

/** The path parameter naming a ticket. */
export const TicketParams = z.object({ ticket_id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** `POST /api/admin/tickets/{ticket_id}/close`. */
export const CloseTicketRequest = z
  .object({
    by: z.string().trim().min(1).max(80).meta({ description: 'Who closed it, as staff will read it.' }),
    note: z.string().trim().max(2000).optional(),
  })
  .meta({ id: 'CloseTicketRequest' });
export type CloseTicketRequest = z.input<typeof CloseTicketRequest>;
