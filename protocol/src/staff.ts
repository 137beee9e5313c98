/**
 * Staff: the people who answer calls. The admin key creates and removes them (`/api/admin/staff`, or
 * `npx call-center-server staff add NAME`); they sign in to the console (`/api/console/session`), which keeps
 * them signed in with an HTTP-only cookie.
 */
import { z } from 'zod';

/** A staff member's name, as customers will read it ("Sam from support joined"). */
export const StaffName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+$/u, { error: 'must be printable characters on one line' })
  .meta({ id: 'StaffName', example: 'Sam' });

/** A new password: 10 to 200 characters. */
export const StaffPassword = z.string().min(10).max(200).meta({ description: '10 to 200 characters.' });

/** `POST /api/admin/staff`. */
export const CreateStaffRequest = z.object({ name: StaffName, password: StaffPassword }).meta({ id: 'CreateStaffRequest' });
export type CreateStaffRequest = z.input<typeof CreateStaffRequest>;

/** A staff member (never their password). */
export const StaffMember = z.object({ name: z.string(), created_at: z.string() }).meta({ id: 'StaffMember' });
export type StaffMember = z.infer<typeof StaffMember>;

/** `GET /api/admin/staff`. */
export const StaffList = z.object({ staff: z.array(StaffMember) }).meta({ id: 'StaffList' });
export type StaffList = z.infer<typeof StaffList>;

/** The path parameter naming a staff member. */
export const StaffParams = z.object({ name: StaffName });

/** `POST /api/console/session`: sign in. The password is not checked against the rules here, only against the hash. */
export const SignInRequest = z.object({ name: StaffName, password: z.string().min(1).max(200) }).meta({ id: 'SignInRequest' });
export type SignInRequest = z.input<typeof SignInRequest>;

/** Who is signed in to the console, and until when. */
export const ConsoleSession = z.object({ name: z.string(), expires_at: z.string() }).meta({ id: 'ConsoleSession' });
export type ConsoleSession = z.infer<typeof ConsoleSession>;

/** `GET /api/console/session`: whether this browser is signed in (a page asks on load; not an error when not). */
export const ConsoleSessionState = z
  .discriminatedUnion('signed_in', [
    z.object({ signed_in: z.literal(true), name: z.string(), expires_at: z.string() }),
    z.object({ signed_in: z.literal(false) }),
  ])
  .meta({ id: 'ConsoleSessionState' });
export type ConsoleSessionState = z.infer<typeof ConsoleSessionState>;

/** `GET /api/console/calls/{room_name}/summary`: where a call stands, for a member of staff joining it. */
export const CallSummary = z
  .object({
    summary: z.string().meta({ description: 'A few sentences: who, what, the order, what the caller was told.' }),
    source: z.enum(['model', 'notes', 'none']).meta({ description: 'model: written by the chat model (OpenAI); notes: from what the AI agent remembered; none: no conversation with the agent yet.' }),
    persona: z.string().nullable(),
    facts: z.record(z.string(), z.string()),
    tickets: z.array(z.object({ id: z.number().int(), kind: z.string(), status: z.string() })),
    updated_at: z.string().nullable(),
  })
  .meta({ id: 'CallSummary' });
export type CallSummary = z.infer<typeof CallSummary>;

/** The query of the call summary: the language staff read it in. */
export const CallSummaryQuery = z.object({ lang: z.enum(['en', 'ar']).optional() });

/** The console's session cookie (HTTP-only, SameSite=Strict, Secure). */
export const STAFF_SESSION_COOKIE = 'ccw_staff';
