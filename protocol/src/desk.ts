/**
 * The text desk: a conversation held over HTTP (no LiveKit call) whose customer asked for a person. A member of
 * staff takes it over from the console and types; the customer reads in the widget (which asks for new lines
 * with a long poll) and their messages go to the member, not the AI, until the member leaves.
 */
import { z } from 'zod';
import { Language, Persona } from './common.ts';
import { ConversationId } from './fields.ts';
import { ConversationMessage } from './conversation.ts';
import { LiveCall, LiveCalls } from './admin.ts';

/** A line said while a member of staff holds the conversation, or that one joined or left (`text` says it in the chat's language). */
export const DeskLine = z
  .object({
    seq: z.number().int().positive().meta({ description: 'Increasing within the conversation: ask with `after` for the lines after it.' }),
    from: z.enum(['customer', 'staff', 'joined', 'left']),
    name: z.string().nullable().meta({ description: 'The member of staff (all but customer lines).' }),
    text: z.string(),
    at: z.string(),
  })
  .meta({ id: 'DeskLine' });
export type DeskLine = z.infer<typeof DeskLine>;

/** Where a conversation stands with staff: not asked, waiting for a member, or held by one. */
export const DeskState = z.enum(['none', 'waiting', 'with_staff']).meta({ id: 'DeskState' });
export type DeskState = z.infer<typeof DeskState>;

/** `GET /api/conversation/{conversation_id}/staff`: the widget's view (what staff said since `after`). */
export const StaffFeed = z
  .object({
    conversation_id: z.string(),
    state: DeskState,
    staff_name: z.string().nullable().meta({ description: 'Who holds the conversation now.' }),
    lines: z.array(DeskLine),
  })
  .meta({ id: 'StaffFeed' });
export type StaffFeed = z.infer<typeof StaffFeed>;

/** The query of the staff feed: the last line seen, and how long to wait for a new one (a long poll). */
export const StaffFeedQuery = z.object({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().meta({ description: 'The last `seq` seen; 0 (the default) for all.' }),
  wait: z.coerce.number().int().min(0).max(25).optional().meta({ description: 'Seconds to wait for a line when there is none yet (0 to 25, default 0).' }),
});

/** A text conversation waiting for, or held by, a member of staff (the console's list). */
export const DeskChat = z
  .object({
    conversation_id: z.string(),
    state: DeskState.exclude(['none']),
    persona: Persona,
    language: Language,
    staff_name: z.string().nullable(),
    ticket_id: z.number().int().nullable().meta({ description: 'The request for a person this chat came from.' }),
    requested_at: z.string(),
    last_at: z.string(),
  })
  .meta({ id: 'DeskChat' });
export type DeskChat = z.infer<typeof DeskChat>;

/** `GET /api/console/chats/{conversation_id}`: a chat with what was said before (with the AI) and since. */
export const DeskChatDetail = DeskChat.extend({
  before: z.array(ConversationMessage).meta({ description: 'The conversation with the AI before staff were asked for.' }),
  lines: z.array(DeskLine),
}).meta({ id: 'DeskChatDetail' });
export type DeskChatDetail = z.infer<typeof DeskChatDetail>;

/** The path of a desk chat. */
export const DeskChatParams = z.object({ conversation_id: ConversationId });

/** `POST /api/console/chats/{conversation_id}/messages`: what the member types. */
export const DeskMessageRequest = z
  .object({ text: z.string().trim().min(1).max(2000) })
  .strict()
  .meta({ id: 'DeskMessageRequest' });
export type DeskMessageRequest = z.input<typeof DeskMessageRequest>;

/** A live call as the console shows it: who is in it, where it stands, and its latest lines. */
export const ConsoleCall = LiveCall.extend({
  state: z.enum(['with_ai', 'waiting', 'with_staff', 'no_agent']).meta({
    description: 'with_staff: a member is in the call; waiting: the caller asked for a person (an open request); with_ai: the AI agent holds it; no_agent: no AI agent in the room (the widget answers over HTTP).',
  }),
  persona: Persona.nullable(),
  language: Language.nullable(),
  transcript: z.array(ConversationMessage).meta({ description: 'The newest lines the AI agent noted (after each answer), oldest first.' }),
  updated_at: z.string().nullable().meta({ description: 'When the AI agent last noted the call.' }),
}).meta({ id: 'ConsoleCall' });
export type ConsoleCall = z.infer<typeof ConsoleCall>;

/** `GET /api/console/calls`: LiveKit's live calls and the text chats waiting for or held by staff. */
export const ConsoleCalls = LiveCalls.extend({ calls: z.array(ConsoleCall), chats: z.array(DeskChat) }).meta({ id: 'ConsoleCalls' });
export type ConsoleCalls = z.infer<typeof ConsoleCalls>;
