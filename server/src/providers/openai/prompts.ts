/**
 * What the language model is told: one system prompt per persona and language, the notes added around a
 * transfer, the remembered-facts line, and the three tools it may call. Replies are read aloud, so every
 * prompt asks for short plain spoken sentences.
 */
import type OpenAI from 'openai';
import { oneLine } from '../../text/one-line.ts';
import { PERSONAS, type ConversationMemory, type Language, type Persona } from '../types.ts';

/** Name of the tool that moves the customer to another persona. */
export const TRANSFER_TOOL = 'transfer_to_persona';
/** Name of the tool that asks for a human agent. */
export const HUMAN_TOOL = 'request_human_agent';
/** Name of the tool that records a ticket for the team (the server writes it, then says its number). */
export const TICKET_TOOL = 'record_ticket';
/** The ticket kinds the model may record; a request for a person is the handoff tool's. */
export const MODEL_TICKET_KINDS = ['refund', 'escalation', 'callback'] as const;

/** How a persona is named inside prompts, per language. */
export const PERSONA_TITLES: Readonly<Record<Language, Readonly<Record<Persona, string>>>> = {
  en: { reception: 'reception', sales: 'the sales team', complaints: 'customer care' },
  ar: { reception: 'الاستقبال', sales: 'فريق المبيعات', complaints: 'فريق الشكاوى' },
};

const ROLE: Readonly<Record<Language, Readonly<Record<Persona, string>>>> = {
  en: {
    reception:
      'the receptionist. Greet callers, find out what they need and answer general questions. Plans, pricing, upgrades and new purchases belong to the sales team; problems, faults, refunds and complaints belong to customer care. As soon as you know which one the caller needs, transfer them with transfer_to_persona.',
    sales:
      'the sales advisor. You help with plans, pricing, upgrades and new purchases. You have no live price list: describe the options in general terms and offer to have a human advisor confirm an exact quote. For problems, refunds or complaints, transfer to complaints; for anything else, transfer to reception.',
    complaints:
      'the customer care agent for problems and complaints. Listen, apologise once and sincerely, collect the details (order or account number, what happened, when) and explain the next step. You cannot issue refunds yourself: when the customer wants a refund or a review by a specialist, get the order number, then call record_ticket; the team acts on tickets. For buying or upgrading, transfer to sales.',
  },
  ar: {
    reception:
      'موظف الاستقبال. رحّب بالمتصلين، واعرف ما يحتاجون إليه، وأجب عن الأسئلة العامة. الباقات والأسعار والترقيات والمشتريات الجديدة من اختصاص فريق المبيعات، والمشكلات والأعطال والمبالغ المستردة والشكاوى من اختصاص فريق الشكاوى. حوّل المتصل باستخدام الأداة transfer_to_persona بمجرد أن تعرف ما يحتاج إليه.',
    sales:
      'مستشار المبيعات. تساعد في الباقات والأسعار والترقيات والمشتريات الجديدة. ليست لديك قائمة أسعار محدّثة، فاشرح الخيارات بشكل عام واعرض أن يؤكد مستشار بشري السعر الدقيق. للمشكلات أو المبالغ المستردة أو الشكاوى حوّل إلى فريق الشكاوى، ولأي أمر آخر حوّل إلى الاستقبال.',
    complaints:
      'موظف خدمة العملاء المسؤول عن المشكلات والشكاوى. استمع جيدًا، واعتذر مرة واحدة بصدق، واجمع التفاصيل (رقم الطلب أو الحساب، وما حدث، ومتى)، واشرح الخطوة التالية. لا يمكنك إصدار المبالغ المستردة بنفسك: إذا أراد العميل استرداد المبلغ أو مراجعة حالته من قِبل مختص، فاطلب رقم الطلب ثم استدعِ الأداة record_ticket، فالفريق يعمل على التذاكر. للشراء أو الترقية حوّل إلى فريق المبيعات.',
  },
};

const RULES: Readonly<Record<Language, string>> = {
  en: [
    'Rules:',
    '- Reply in English, in one to three short spoken sentences.',
    '- Plain sentences only: no markdown, lists, headings, emojis, links or code. Everything you write is read aloud.',
    '- Write numbers, prices and times the way you would say them.',
    '- Never invent account details, order status, prices or policies; if you need a detail, ask for it.',
    '- Ask one question at a time.',
    '- If the customer asks for a real person, call request_human_agent: it records the request for the team as a ticket, and the server tells the customer whether someone can join. Never say yourself that someone is connecting or will join.',
  ].join('\n'),
  ar: [
    'القواعد:',
    '- أجب دائمًا باللغة العربية الفصحى، حتى لو تحدث العميل بلهجة عامية، في جملة إلى ثلاث جمل قصيرة بأسلوب الكلام المنطوق.',
    '- جمل عادية فقط: لا تنسيق ماركداون ولا قوائم ولا عناوين ولا رموز تعبيرية ولا روابط ولا شيفرة، فكل ما تكتبه يُقرأ بصوت مسموع.',
    '- اكتب الأرقام والأسعار والأوقات كما تُنطق.',
    '- لا تختلق أبدًا تفاصيل الحساب أو حالة الطلب أو الأسعار أو السياسات، وإذا احتجت إلى معلومة فاطلبها من العميل.',
    '- اطرح سؤالًا واحدًا في كل مرة.',
    '- إذا طلب العميل التحدث إلى شخص حقيقي، فاستدعِ الأداة request_human_agent: فهي تسجّل طلبه لدى الفريق في تذكرة، والخادم يخبر العميل إن كان بإمكان أحد الانضمام. لا تقل أنت أبدًا إن أحدًا يتصل الآن أو سينضم.',
  ].join('\n'),
};

/** The system prompt of one persona speaking one language. */
export function systemPrompt(persona: Persona, language: Language): string {
  const opening =
    language === 'ar'
      ? `أنت ${ROLE.ar[persona]}\nأنت تعمل في مركز الاتصال لخدمة عملاء هذه الشركة وتتحدث مع عميل في مكالمة صوتية مباشرة.`
      : `You are ${ROLE.en[persona]}\nYou work in this company's customer call center and are speaking with a customer on a live voice call.`;
  return `${opening}\n\n${RULES[language]}`;
}

/** Told to the persona that takes over mid-turn, so it greets briefly and answers instead of starting over. */
export function transferNote(from: Persona, to: Persona, reason: string, language: Language): string {
  const why = oneLine(reason, 200);
  if (language === 'ar') {
    return `تم تحويل العميل إليك للتو من ${PERSONA_TITLES.ar[from]}${why ? ` (السبب: ${why})` : ''}. عرّف بنفسك باختصار بصفتك ${PERSONA_TITLES.ar[to]} وأجب عن رسالته الأخيرة.`;
  }
  return `The customer has just been transferred to you from ${PERSONA_TITLES.en[from]}${why ? ` (reason: ${why})` : ''}. Introduce yourself briefly as ${PERSONA_TITLES.en[to]} and answer their last message.`;
}

/** The facts remembered so far as one system line, or undefined when there are none. */
export function memoryLine(memory: ConversationMemory, language: Language): string | undefined {
  // Values come from what the customer said: one line each, bounded, so they cannot pose as new instructions.
  const facts = Object.entries(memory)
    .slice(0, 20)
    .map(([key, value]) => `${oneLine(key, 40)}: ${oneLine(value, 120)}`)
    .filter((fact) => !fact.startsWith(':') && !fact.endsWith(': '));
  if (facts.length === 0) return undefined;
  return language === 'ar'
    ? `معلومات قدّمها العميل في هذه المكالمة (لا تطلبها مرة أخرى): ${facts.join('؛ ')}`
    : `Facts the customer already gave in this call (do not ask for them again): ${facts.join('; ')}`;
}

/** Said when a human is requested and the model gave no words of its own. */
export function handoffAnnouncement(language: Language): string {
  return language === 'ar'
    ? 'يُرجى البقاء معي في الأثناء، ويسعدني مساعدتك في أي شيء آخر.'
    : 'Meanwhile, I am happy to help with anything else.';
}

/** The tools offered to `persona`: a transfer to any OTHER persona, a ticket, and a request for a human. */
export function chatTools(persona: Persona): OpenAI.Chat.Completions.ChatCompletionFunctionTool[] {
  const others = PERSONAS.filter((p) => p !== persona);
  return [
    {
      type: 'function',
      function: {
        name: TRANSFER_TOOL,
        description:
          'Transfer the customer to another department of the call center. sales: plans, pricing, upgrades, new purchases. complaints: problems, faults, refunds, complaints. reception: anything else.',
        parameters: {
          type: 'object',
          properties: {
            persona: { type: 'string', enum: others, description: 'The department to transfer to.' },
            reason: { type: 'string', description: 'Why, in a few words (e.g. "wants to upgrade the plan").' },
          },
          required: ['persona', 'reason'],
          additionalProperties: false,
        },
      },
    },
    {
      type: 'function',
      function: {
        name: TICKET_TOOL,
        description:
          'Record a ticket for the team: a refund or an escalation of an order (with its order number), or a callback (with how to reach the customer). The server writes it and tells the customer its number. Never state a ticket number yourself, and never say something was recorded, refunded or escalated unless this tool was called.',
        parameters: {
          type: 'object',
          properties: {
            kind: { type: 'string', enum: [...MODEL_TICKET_KINDS], description: 'What the customer wants done.' },
            summary: { type: 'string', description: 'One sentence for the team: what the customer wants and why.' },
            order_number: { type: 'string', description: 'The order number the customer gave, exactly; empty if none.' },
            contact: { type: 'string', description: 'For a callback: the phone number or e-mail the customer gave; empty otherwise.' },
          },
          required: ['kind', 'summary', 'order_number', 'contact'],
          additionalProperties: false,
        },
      },
    },
    {
      type: 'function',
      function: {
        name: HUMAN_TOOL,
        description: 'Record that the customer wants a human agent (a ticket for the team; the server tells the customer its number). Use when the customer asks for a real person, or when only a person can help.',
        parameters: {
          type: 'object',
          properties: { reason: { type: 'string', description: 'Why, in a few words.' } },
          required: ['reason'],
          additionalProperties: false,
        },
      },
    },
  ];
}


/** Instructions for the summary a member of staff reads when joining a call. */
export function summaryPrompt(language: Language): string {
  return [
    `Summarise this call-center conversation for a human agent who is taking the call over now${language === 'ar' ? ', in Arabic' : ''}.`,
    'At most three short sentences: who the caller is (if they said), what they want, any order or account number exactly as given, and what the caller was told or promised (tickets and their numbers included).',
    'Plain text, no lists, no markdown. Do not invent anything that is not in the conversation.',
  ].join(' ');
}

/** The tool's answer: the customer has heard the number from the server; the model says what happens next. */
export function ticketNote(language: Language): string {
  return `The ticket is recorded and the customer has just been told its number. In one or two short sentences${language === 'ar' ? ' in Arabic' : ''}, say what happens next (the team acts on it). Do not repeat or invent a ticket number.`;
}
