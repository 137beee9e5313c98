/** Arabic UI strings (right to left); the terms shown before the panel loads are in shell.ts. */
import { arShell } from './shell.ts';
import type { Translation } from './translation.ts';

const PERSONAS = { reception: 'الاستقبال', sales: 'المبيعات', complaints: 'الشكاوى' } as const;
const STATES = {
  idle: 'جاهز',
  connecting: 'جارٍ الاتصال…',
  listening: 'يستمع',
  thinking: 'يفكّر…',
  speaking: 'يتحدث',
  ended: 'انتهت المكالمة',
  error: 'حدث خطأ',
} as const;

const GREETINGS = {
  reception: 'مرحبًا! كيف يمكنني مساعدتك اليوم؟',
  sales: 'مرحبًا! أخبرك عن خططنا وأسعارها. ماذا تود أن تعرف؟',
  complaints: 'مرحبًا، يؤسفني أن شيئًا لم يسر على ما يرام. أخبرني بما حدث وسأساعدك.',
} as const;
const SUGGESTIONS = {
  reception: ['ما هي الخطط المتاحة؟', 'لدي مشكلة في طلبي', 'أريد التحدث مع موظف'],
  sales: ['ما هي الخطط المتاحة؟', 'كم سعر خطة برو؟', 'أريد ترقية خطتي'],
  complaints: ['وصل طلبي تالفًا', 'تم خصم المبلغ مرتين', 'أريد استرداد المبلغ'],
} as const;

/** Arabic. */
const ar: Translation = {
  ...arShell,
  $name: 'العربية',

  close: 'إغلاق',
  status: (state) => STATES[state],
  callDuration: 'مدة المكالمة',
  personaName: (persona) => PERSONAS[persona] ?? persona,

  levelLabel: 'مستوى الميكروفون',
  levelSpeaking: 'مستوى الميكروفون: يوجد كلام',
  levelQuiet: 'مستوى الميكروفون: هادئ',
  levelOff: 'الميكروفون متوقف',

  conversation: 'المحادثة',
  you: 'أنت',
  typing: 'يكتب…',
  notSent: 'لم تُرسل.',

  message: 'الرسالة',
  messagePlaceholder: 'اكتب رسالة…',
  send: 'إرسال',

  callControls: 'أزرار المكالمة',
  startCall: 'بدء المكالمة',
  endCall: 'إنهاء المكالمة',
  mute: 'كتم',
  stopSpeaking: 'إيقاف',
  holdToTalk: 'اضغط للتحدث',
  talking: 'اترك للإرسال',
  holdToTalkHint: 'اضغط مطولًا على «اضغط للتحدث» (أو المسافة) أثناء حديثك، ثم اتركه.',
  callInProgress: (duration, muted) => `مكالمة جارية، ${duration}${muted ? '، الميكروفون مكتوم' : ''}. افتح نافذة الدعم`,
  callContinues: 'المكالمة مستمرة والنافذة مغلقة.',
  greeting: (persona) => GREETINGS[persona],
  suggestions: (persona) => SUGGESTIONS[persona],
  suggestionsLabel: 'اقتراحات',
  voiceOff: 'المكالمات الصوتية غير متاحة هنا. اكتب رسالتك في الأسفل.',
  voiceOffLanguage: 'المكالمات الصوتية هنا بالإنجليزية فقط. اكتب رسالتك بالعربية في الأسفل.',
  callElsewhere: 'توجد مكالمة جارية بالفعل في نافذة دعم أخرى في هذه الصفحة.',

  micDenied:
    'الوصول إلى الميكروفون محظور. للسماح به، انقر على رمز القفل أو الكاميرا في شريط العنوان، وافتح إعدادات الموقع، واختر «السماح» للميكروفون، ثم ابدأ المكالمة من جديد. يمكنك متابعة المحادثة كتابةً.',
  micNotFound: 'لم يُعثر على ميكروفون. وصّل ميكروفونًا وابدأ المكالمة من جديد، أو تابع المحادثة كتابةً.',
  micInUse: 'تطبيق آخر يستخدم الميكروفون. أغلقه وابدأ المكالمة من جديد، أو تابع المحادثة كتابةً.',
  micInsecure: 'لا يعمل الميكروفون إلا في صفحة آمنة (https). يمكنك المحادثة كتابةً.',
  micOther: 'تعذّر تشغيل الميكروفون. يمكنك المحادثة كتابةً.',
  voiceUnavailable: 'تعذّر تشغيل الصوت في هذا المتصفح. يمكنك المحادثة كتابةً.',
  originNotAllowed: 'المساعد غير مفعّل لهذا الموقع.',
  rateLimited: (seconds) =>
    seconds === undefined ? 'طلبات كثيرة جدًا. حاول مرة أخرى بعد قليل.' : `طلبات كثيرة جدًا. حاول مرة أخرى بعد ${seconds} ثانية.`,
  noSpeech: 'لم أسمع شيئًا. حاول مرة أخرى.',
  notUnderstood: 'عذرًا، لم أفهم ذلك. أعد قوله أو اكتبه.',
  unsupportedLanguage: 'الصوت غير متاح بهذه اللغة بعد. اكتب رسالتك من فضلك.',
  tooLong: 'الرسالة أطول من المسموح. اجعلها أقصر من فضلك.',
  providerError: 'واجه المساعد مشكلة في الرد. حاول مرة أخرى.',
  genericError: 'حدث خطأ ما. حاول مرة أخرى.',
  livekitFallback: 'مكالمتك مستمرة هنا.',
  livekitRejoined: 'عاد اتصالك.',
  livekitRemoved: 'أُغلقت غرفة الصوت. ما زال المساعد قادرًا على مساعدتك هنا.',
  transferred: (to) => `أنت الآن تتحدث مع ${to}.`,
  handoff: 'لا يوجد أحد من فريقنا في هذه المحادثة بعد.',
  staffJoined: (name) => `انضم ${name} من فريقنا إلى المكالمة.`,
  staffLeft: (name) => `غادر ${name} المكالمة.`,
  staffJoinedChat: (name) => `انضم ${name} من فريقنا إلى المحادثة.`,
  staffLeftChat: (name) => `غادر ${name} المحادثة. المساعد الآلي يجيبك من جديد.`,
  callEnded: (duration) => `انتهت المكالمة (${duration}).`,
};

export default ar;
