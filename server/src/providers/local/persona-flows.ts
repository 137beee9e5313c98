/**
 * The conversation flow of each persona: what reception, sales and complaints do with one understood message,
 * given what the memory says was asked last. Pure functions of (understanding, memory), so replies are
 * deterministic; they update the memory copy they are given.
 */
import type { Persona } from '../types.ts';
import { isPlanId, type PlanId } from './plan-catalogue.ts';
import type { Replies, ReplyContext, Resolution } from './persona-script.ts';
import type { Intent, Issue, Understanding } from './persona-understanding.ts';

/** Keys the engine writes into ConversationMemory. The first three are facts the customer gave. */
export const MEMORY_KEYS = {
  name: 'name',
  order: 'order_number',
  plan: 'plan',
  planStatus: 'plan_status',
  issue: 'issue',
  resolution: 'resolution',
  resolvedOrder: 'resolved_order',
  resolutionStatus: 'resolution_status',
  /** The question the last reply asked, so "yes" and "no" mean the right thing. */
  awaiting: 'awaiting',
  handoff: 'handoff',
  /** The phone number or email address of the callback ticket recorded in this conversation. */
  callback: 'callback_contact',
} as const;
const K = MEMORY_KEYS;

const SALES_TOPICS: ReadonlySet<Intent> = new Set(['upgrade', 'pricing', 'features', 'sales', 'plan']);
const COMPLAINT_TOPICS: ReadonlySet<Intent> = new Set(['refund', 'escalate', 'complaint']);

// Transfer reasons are for logs and the agent console, so they stay in English.
const REASONS: Partial<Record<Intent, string>> = {
  refund: 'The customer asked for a refund.',
  escalate: 'The customer asked for an escalation.',
  complaint: 'The customer reported a problem.',
  order: 'The customer gave an order number.',
  upgrade: 'The customer wants to upgrade a plan.',
  pricing: 'The customer asked about prices.',
  features: 'The customer asked about plan features.',
  sales: 'The customer asked about plans.',
  plan: 'The customer asked about a plan.',
  reception: 'The customer has another request.',
};
const ISSUE_REASONS: Readonly<Record<Issue, string>> = {
  late: 'The customer reported a late order.',
  damaged: 'The customer reported a damaged or broken product.',
  wrong_item: 'The customer received the wrong order.',
  billing: 'The customer reported a billing problem.',
  general: 'The customer reported a problem.',
};

/** What a persona handler decides: say something, or hand the conversation to another persona. */
export type Outcome =
  | { readonly say: string; readonly ticket?: TicketAsk }
  | { readonly to: Persona; readonly reason: string; readonly preface: string };

/** A ticket the reply asks the server to record, and what the persona says once it has (`then`). */
export interface TicketAsk {
  readonly kind: Resolution;
  readonly orderNumber: string;
  readonly summary: string;
  readonly then: string;
}

/** One message being handled by one persona. */
export interface Turn {
  readonly u: Understanding;
  /** The memory being updated (a copy). */
  readonly m: Record<string, string>;
  readonly r: Replies;
  readonly variant: number;
  /** True when this persona has just taken over in this turn. */
  readonly entered: boolean;
}

/** The facts a reply may mention. */
export const ctx = (t: Turn): ReplyContext => {
  const plan = t.m[K.plan];
  const callback = t.m[K.callback];
  return { name: t.m[K.name], order: t.m[K.order], ...(isPlanId(plan) ? { plan } : {}), ...(callback ? { callback } : {}), variant: t.variant };
};
const say = (...parts: readonly string[]): Outcome => ({ say: parts.filter(Boolean).join(' ') });
const notUnderstood = (t: Turn): string => t.r.notUnderstood[t.variant % t.r.notUnderstood.length] ?? '';

/** Ends a reply with "anything else?", so a following "no" closes the call politely. */
function closing(t: Turn, ...parts: readonly string[]): Outcome {
  t.m[K.awaiting] = 'anything_else';
  return say(...parts);
}

function transfer(t: Turn, to: Persona): Outcome {
  const { u, r } = t;
  const reason = u.intent === 'complaint' && u.issue ? ISSUE_REASONS[u.issue] : (REASONS[u.intent] ?? 'The customer asked for another team.');
  const sorry = to === 'complaints' && COMPLAINT_TOPICS.has(u.intent) ? r.sorry : '';
  return { to, reason, preface: [sorry, r.transferTo[to]].filter(Boolean).join(' ') };
}

/** Small talk every persona answers the same way; undefined when the message is not small talk. */
function common(t: Turn, help: string): Outcome | undefined {
  const { u, r, m } = t;
  const awaiting = m[K.awaiting];
  switch (u.intent) {
    case 'goodbye':
      delete m[K.awaiting];
      return say(r.goodbye(ctx(t)));
    case 'thanks':
      return closing(t, r.thanks);
    case 'affirm':
      if (awaiting !== 'anything_else') return undefined;
      delete m[K.awaiting];
      return say(help);
    case 'deny':
      if (awaiting !== 'anything_else') return undefined;
      delete m[K.awaiting];
      return say(r.goodbye(ctx(t)));
    default:
      return undefined;
  }
}

function reception(t: Turn): Outcome {
  const { u, r } = t;
  if (COMPLAINT_TOPICS.has(u.intent) || u.intent === 'order') return transfer(t, 'complaints');
  if (SALES_TOPICS.has(u.intent)) return transfer(t, 'sales');
  const small = common(t, r.reception.help);
  if (small) return small;
  switch (u.intent) {
    case 'name': return say(r.reception.howHelp);
    case 'reception': return say(r.reception.help);
    case 'greeting': return say(t.entered ? r.reception.howHelp : r.reception.welcome(ctx(t)));
    case 'affirm': return say(r.reception.affirm);
    case 'deny': return say(r.reception.deny);
    default: return say(notUnderstood(t), r.reception.help);
  }
}

function choosePlan(t: Turn, plan: PlanId): Outcome {
  t.m[K.plan] = plan;
  t.m[K.planStatus] = 'chosen';
  return closing(t, t.r.sales.chosen(plan));
}

function sales(t: Turn): Outcome {
  const { u, r, m } = t;
  if (COMPLAINT_TOPICS.has(u.intent) || u.intent === 'order') return transfer(t, 'complaints');
  if (u.intent === 'reception') return transfer(t, 'reception');
  const awaiting = m[K.awaiting];
  if (u.plan && SALES_TOPICS.has(u.intent)) {
    // Naming the plan just offered again ("the pro plan") is a choice, as is "yes, the pro plan".
    const repeated = awaiting === 'plan_confirm' && m[K.plan] === u.plan;
    if (u.intents.has('affirm') || repeated) return choosePlan(t, u.plan);
    m[K.plan] = u.plan;
    m[K.planStatus] = 'considering';
    m[K.awaiting] = 'plan_confirm';
    return say(r.sales.planDetails(u.plan), r.sales.askChoose(u.plan));
  }
  const small = common(t, r.sales.help);
  if (small) return small;
  const remembered = m[K.plan];
  switch (u.intent) {
    case 'upgrade':
      m[K.awaiting] = 'plan_choice';
      return say(r.sales.upgrade);
    case 'features':
      m[K.awaiting] = 'plan_choice';
      return say(r.sales.compare);
    case 'pricing':
    case 'sales':
      m[K.awaiting] = 'plan_choice';
      return say(r.sales.overview);
    case 'affirm':
      if (awaiting === 'plan_confirm' && isPlanId(remembered)) return choosePlan(t, remembered);
      m[K.awaiting] = 'plan_choice';
      return say(r.sales.askWhich);
    case 'deny':
      if (awaiting === 'plan_confirm') {
        m[K.awaiting] = 'plan_choice';
        return say(r.sales.declined);
      }
      return closing(t, r.anythingElse);
    case 'name':
      return say(r.sales.askWhich);
    case 'greeting':
      return say(r.hello(ctx(t)), r.sales.help);
    default:
      return say(notUnderstood(t), r.sales.help);
  }
}

function resolve(t: Turn, resolution: Resolution, empathy: string): Outcome {
  const { r, m } = t;
  const order = m[K.order];
  if (order && m[K.resolvedOrder] === order && m[K.resolution] === resolution) {
    return closing(t, r.complaints.alreadyDone(resolution, order));
  }
  m[K.resolution] = resolution;
  if (!order) {
    m[K.resolutionStatus] = 'pending';
    m[K.awaiting] = 'order_number';
    return say(empathy, r.complaints.needOrder(resolution));
  }
  m[K.resolutionStatus] = 'confirmed';
  m[K.resolvedOrder] = order;
  t.m[K.awaiting] = 'anything_else';
  const issue = m[K.issue];
  const summary = `${resolution === 'refund' ? 'Refund' : 'Escalation'} requested for order ${order}${issue && issue !== 'general' ? ` (${issue.replace('_', ' ')})` : ''}.`;
  return { say: empathy, ticket: { kind: resolution, orderNumber: order, summary, then: r.complaints.done(resolution, order) } };
}

/** Offers a refund or escalation for the known order, or asks for the order number first. */
function offerOrAsk(t: Turn, orderJustNoted = false): string {
  const order = t.m[K.order];
  t.m[K.awaiting] = order ? 'resolution' : 'order_number';
  if (!order) return t.r.complaints.askOrder;
  return orderJustNoted ? t.r.complaints.offer() : t.r.complaints.offer(order);
}

function complaints(t: Turn): Outcome {
  const { u, r, m } = t;
  if (SALES_TOPICS.has(u.intent)) return transfer(t, 'sales');
  if (u.intent === 'reception') return transfer(t, 'reception');
  const c = r.complaints;
  const awaiting = m[K.awaiting];
  // A specific issue replaces a vague one; a vague word ("problem") does not erase a specific one.
  const newIssue = u.issue && (u.issue !== 'general' || !m[K.issue]) && m[K.issue] !== u.issue ? u.issue : undefined;
  if (newIssue) m[K.issue] = newIssue;
  const empathy = newIssue ? c.empathy[newIssue] : '';

  if (u.intent === 'refund') return resolve(t, 'refund', empathy);
  if (u.intent === 'escalate') return resolve(t, 'escalation', empathy);
  if (u.intent === 'complaint') return say(c.empathy[(m[K.issue] ?? 'general') as Issue], offerOrAsk(t));
  if (u.intent === 'order') {
    const order = m[K.order] ?? '';
    const pending = m[K.resolution];
    if (m[K.resolutionStatus] === 'pending' && (pending === 'refund' || pending === 'escalation')) return resolve(t, pending, '');
    if (m[K.issue]) return say(c.orderNoted(order), offerOrAsk(t, true));
    m[K.awaiting] = 'issue';
    return say(c.orderNoted(order), c.askIssue);
  }
  const small = common(t, c.help);
  if (small) return small;
  switch (u.intent) {
    case 'affirm':
      if (awaiting === 'resolution') return say(c.askChoice);
      return say(c.help, offerOrAsk(t));
    case 'deny':
      if (awaiting === 'order_number') {
        delete m[K.awaiting];
        return say(c.noOrder);
      }
      return closing(t, r.anythingElse);
    case 'name':
    case 'greeting':
      return say(u.intent === 'greeting' ? r.hello(ctx(t)) : '', c.help, offerOrAsk(t));
    default:
      if (awaiting === 'order_number') return say(c.orderNotHeard);
      if (awaiting === 'issue') {
        // Whatever the customer describes is the problem; we do not need to classify it to help.
        m[K.issue] = 'general';
        return say(c.empathy.general, offerOrAsk(t));
      }
      return say(notUnderstood(t), c.help, m[K.order] ? '' : offerOrAsk(t));
  }
}

/** The flow of each persona. */
export const HANDLERS: Readonly<Record<Persona, (t: Turn) => Outcome>> = { reception, sales, complaints };

/** What a persona can do, said when it cannot take the message itself. */
export function helpOf(r: Replies, persona: Persona): string {
  return persona === 'reception' ? r.reception.help : persona === 'sales' ? r.sales.help : r.complaints.help;
}

/** Joins the non-empty parts of a reply with spaces. */
export function joined(...parts: readonly string[]): string {
  return parts.filter(Boolean).join(' ');
}
