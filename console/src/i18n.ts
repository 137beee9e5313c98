/** The console's words in English and Arabic (the Arabic layout mirrors: `dir="rtl"`). */
import type { TicketKind, TicketStatus } from '@call-center-widget/protocol';

export type ConsoleLanguage = 'en' | 'ar';

/** Text from elsewhere (a name, a number, a date) set in its own direction inside a sentence (FSI … PDI). */
const iso = (text: string): string => `\u2068${text}\u2069`;

export interface ConsoleTexts {
  readonly title: string;
  readonly otherLanguage: string;
  readonly signInTitle: string;
  readonly name: string;
  readonly password: string;
  readonly signIn: string;
  readonly signingIn: string;
  readonly signOut: string;
  readonly signedInAs: (name: string) => string;
  readonly wrongPassword: string;
  readonly tooMany: (seconds: number) => string;
  readonly sessionEnded: string;
  readonly cookieRefused: string;
  readonly unreachable: string;
  readonly liveCalls: string;
  readonly noCalls: string;
  readonly noWebhooks: string;
  readonly room: string;
  readonly people: string;
  readonly since: string;
  readonly lasting: (duration: string) => string;
  readonly kinds: Readonly<Record<string, string>>;
  readonly tickets: string;
  readonly waitingTitle: string;
  readonly join: string;
  readonly joinCall: (room: string) => string;
  readonly joining: string;
  readonly joined: string;
  readonly joinFailed: string;
  readonly inCallTitle: (room: string) => string;
  readonly inCallHint: string;
  readonly mute: string;
  readonly unmute: string;
  readonly leave: string;
  readonly summaryTitle: string;
  readonly muteWho: (name: string) => string;
  readonly remove: string;
  readonly removeWho: (name: string) => string;
  readonly removeConfirm: string;
  readonly end: string;
  readonly endCall: (room: string) => string;
  readonly endConfirm: string;
  readonly waitingCount: (n: number) => string;
  readonly inCall: (room: string) => string;
  readonly show: Readonly<Record<TicketStatus | 'all', string>>;
  readonly noTickets: string;
  readonly ticket: (id: number) => string;
  readonly ticketKinds: Readonly<Record<TicketKind, string>>;
  readonly order: (order: string) => string;
  readonly contact: (contact: string) => string;
  readonly opened: (when: string) => string;
  readonly closedBy: (name: string, when: string) => string;
  readonly conversation: string;
  readonly customer: string;
  readonly agent: string;
  readonly note: string;
  readonly close: string;
  readonly statuses: Readonly<Record<TicketStatus, string>>;
  readonly chats: string;
  readonly chatStates: { readonly waiting: string; readonly with_staff: (name: string) => string };
  readonly reply: string;
  readonly replyTo: (who: string) => string;
  readonly chatTitle: string;
  readonly chatHint: string;
  readonly chatLines: string;
  readonly writeLabel: string;
  readonly send: string;
  readonly leaveChat: string;
  readonly liveTranscript: string;
  readonly customerTyped: string;
  readonly callStates: Readonly<Record<'with_ai' | 'waiting' | 'with_staff' | 'no_agent', string>>;
  readonly lastWords: (n: number) => string;
  readonly now: string;
  readonly personas: Readonly<Record<string, string>>;
  readonly languages: Readonly<Record<string, string>>;
}

const EN: ConsoleTexts = {
  title: 'Call center console',
  otherLanguage: 'العربية',
  signInTitle: 'Staff sign-in',
  name: 'Name',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signedInAs: (name) => `Signed in as ${iso(name)}`,
  wrongPassword: 'That name and password do not match a staff member.',
  tooMany: (s) => `Too many attempts. Try again in ${Math.ceil(s / 60)} min.`,
  sessionEnded: 'Your session has ended. Please sign in again.',
  cookieRefused: 'Your browser did not keep the session: open the console over HTTPS (or on localhost).',
  unreachable: 'The server cannot be reached. Retrying…',
  liveCalls: 'Live calls',
  noCalls: 'No calls right now.',
  noWebhooks: 'LiveKit has not sent this server any events yet, so calls cannot be listed: point its webhook at /api/livekit/webhook.',
  room: 'Call',
  people: 'In the call',
  since: 'Started',
  lasting: (d) => `for ${iso(d)}`,
  kinds: { customer: 'customer', staff: 'staff', agent: 'AI agent', other: 'other' },
  tickets: 'Tickets',
  waitingTitle: 'Asked for a person',
  join: 'Join',
  joinCall: (room) => `Join call ${iso(room)}`,
  joining: 'Joining…',
  joined: 'You are in this call',
  joinFailed: 'The call could not be joined. Check that the microphone is allowed, then try again.',
  inCallTitle: (room) => `In call ${iso(room)}`,
  inCallHint: 'The caller hears you now, and the AI agent keeps quiet until you leave.',
  mute: 'Mute',
  unmute: 'Unmute',
  leave: 'Leave call',
  summaryTitle: 'So far',
  muteWho: (name) => `Mute ${iso(name)}`,
  remove: 'Remove',
  removeWho: (name) => `Remove ${iso(name)} from the call`,
  removeConfirm: 'Take this person out of the call?',
  end: 'End call',
  endCall: (room) => `End call ${iso(room)}`,
  endConfirm: 'End this call for everyone in it?',
  chats: 'Chats',
  chatStates: { waiting: 'Waiting for a person', with_staff: (name) => `With ${iso(name)}` },
  reply: 'Reply',
  replyTo: (who) => `Reply in the chat of ${iso(who)}`,
  chatTitle: 'In a chat',
  chatHint: 'The customer reads what you write here, and the AI keeps quiet until you leave.',
  chatLines: 'Since you were asked for',
  writeLabel: 'Write to the customer',
  send: 'Send',
  leaveChat: 'Leave chat',
  liveTranscript: 'Live transcript',
  customerTyped: 'Customer (typed)',
  callStates: { with_ai: 'With the AI agent', waiting: 'Waiting for a person', with_staff: 'With a member of staff', no_agent: 'No AI agent in the call' },
  lastWords: (n) => `Last ${n} lines`,
  now: 'Now',
  personas: { reception: 'Reception', sales: 'Sales', complaints: 'Complaints' },
  languages: { en: 'English', ar: 'Arabic' },
  waitingCount: (n) => (n === 1 ? '1 caller waiting' : `${n} callers waiting`),
  inCall: (room) => `Call ${iso(room)}`,
  show: { open: 'Open', closed: 'Closed', all: 'All' },
  noTickets: 'No tickets here.',
  ticket: (id) => `Ticket ${id}`,
  ticketKinds: { refund: 'Refund', escalation: 'Escalation', callback: 'Callback', human_request: 'Asked for a person' },
  order: (o) => `Order ${iso(o)}`,
  contact: (c) => `Contact: ${iso(c)}`,
  opened: (when) => `Opened ${iso(when)}`,
  closedBy: (name, when) => `Closed by ${iso(name)}, ${iso(when)}`,
  conversation: 'Conversation',
  customer: 'Customer',
  agent: 'Agent',
  note: 'Note (optional)',
  close: 'Close ticket',
  statuses: { open: 'Open', closed: 'Closed' },
};

const AR: ConsoleTexts = {
  title: 'لوحة مركز الاتصال',
  otherLanguage: 'English',
  signInTitle: 'دخول الموظفين',
  name: 'الاسم',
  password: 'كلمة المرور',
  signIn: 'دخول',
  signingIn: 'جارٍ الدخول…',
  signOut: 'خروج',
  signedInAs: (name) => `مسجّل الدخول باسم ${iso(name)}`,
  wrongPassword: 'الاسم وكلمة المرور لا يطابقان أي موظف.',
  tooMany: (s) => `محاولات كثيرة. حاول مرة أخرى بعد ${Math.ceil(s / 60)} دقيقة.`,
  sessionEnded: 'انتهت جلستك. يُرجى تسجيل الدخول مرة أخرى.',
  cookieRefused: 'لم يحتفظ متصفحك بالجلسة: افتح اللوحة عبر HTTPS (أو على localhost).',
  unreachable: 'تعذّر الوصول إلى الخادم. جارٍ إعادة المحاولة…',
  liveCalls: 'المكالمات الجارية',
  noCalls: 'لا توجد مكالمات الآن.',
  noWebhooks: `لم يرسل LiveKit أي أحداث إلى هذا الخادم بعد، فلا يمكن عرض المكالمات: وجّه الـ webhook الخاص به إلى ${iso('/api/livekit/webhook')}.`,
  room: 'المكالمة',
  people: 'المشاركون',
  since: 'بدأت',
  lasting: (d) => `منذ ${iso(d)}`,
  kinds: { customer: 'عميل', staff: 'موظف', agent: 'الوكيل الذكي', other: 'آخر' },
  tickets: 'التذاكر',
  waitingTitle: 'طلبوا التحدث مع موظف',
  join: 'انضمام',
  joinCall: (room) => `الانضمام إلى المكالمة ${iso(room)}`,
  joining: 'جارٍ الانضمام…',
  joined: 'أنت في هذه المكالمة',
  joinFailed: 'تعذّر الانضمام إلى المكالمة. تأكّد من السماح باستخدام الميكروفون ثم حاول مجددًا.',
  inCallTitle: (room) => `في المكالمة ${iso(room)}`,
  inCallHint: 'المتصل يسمعك الآن، والوكيل الذكي يصمت حتى تغادر.',
  mute: 'كتم الصوت',
  unmute: 'إلغاء الكتم',
  leave: 'مغادرة المكالمة',
  summaryTitle: 'حتى الآن',
  muteWho: (name) => `كتم صوت ${iso(name)}`,
  remove: 'إخراج',
  removeWho: (name) => `إخراج ${iso(name)} من المكالمة`,
  removeConfirm: 'هل تريد إخراج هذا الشخص من المكالمة؟',
  end: 'إنهاء المكالمة',
  endCall: (room) => `إنهاء المكالمة ${iso(room)}`,
  endConfirm: 'هل تريد إنهاء هذه المكالمة لكل من فيها؟',
  chats: 'المحادثات',
  chatStates: { waiting: 'بانتظار موظف', with_staff: (name) => `مع ${iso(name)}` },
  reply: 'الرد',
  replyTo: (who) => `الرد في محادثة ${iso(who)}`,
  chatTitle: 'في محادثة',
  chatHint: 'يقرأ العميل ما تكتبه هنا، ويبقى المساعد الآلي صامتًا حتى تغادر.',
  chatLines: 'منذ أن طُلب موظف',
  writeLabel: 'اكتب إلى العميل',
  send: 'إرسال',
  leaveChat: 'مغادرة المحادثة',
  liveTranscript: 'النص المباشر',
  customerTyped: 'العميل (كتابةً)',
  callStates: { with_ai: 'مع المساعد الآلي', waiting: 'بانتظار موظف', with_staff: 'مع أحد الموظفين', no_agent: 'لا يوجد مساعد آلي في المكالمة' },
  lastWords: (n) => `آخر ${n} أسطر`,
  now: 'الآن',
  personas: { reception: 'الاستقبال', sales: 'المبيعات', complaints: 'الشكاوى' },
  languages: { en: 'الإنجليزية', ar: 'العربية' },
  waitingCount: (n) => (n === 1 ? 'متصل واحد ينتظر' : `${n} متصلين ينتظرون`),
  inCall: (room) => `المكالمة ${iso(room)}`,
  show: { open: 'المفتوحة', closed: 'المغلقة', all: 'الكل' },
  noTickets: 'لا توجد تذاكر هنا.',
  ticket: (id) => `التذكرة ${id}`,
  ticketKinds: { refund: 'استرداد مبلغ', escalation: 'تصعيد', callback: 'معاودة اتصال', human_request: 'طلب موظفًا' },
  order: (o) => `الطلب ${iso(o)}`,
  contact: (c) => `التواصل: ${iso(c)}`,
  opened: (when) => `فُتحت ${iso(when)}`,
  closedBy: (name, when) => `أغلقها ${iso(name)}، ${iso(when)}`,
  conversation: 'المحادثة',
  customer: 'العميل',
  agent: 'الوكيل',
  note: 'ملاحظة (اختيارية)',
  close: 'إغلاق التذكرة',
  statuses: { open: 'مفتوحة', closed: 'مغلقة' },
};

export const TEXTS: Readonly<Record<ConsoleLanguage, ConsoleTexts>> = { en: EN, ar: AR };

/** A time as staff in that language read it. */
export function formatTime(iso: string, language: ConsoleLanguage): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'ar' ? 'ar' : 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** How long since `iso`, as a clock reads it (m:ss, or h:mm:ss past an hour). */
export function formatDuration(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000));
  if (!Number.isFinite(seconds)) return '';
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  const two = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}
