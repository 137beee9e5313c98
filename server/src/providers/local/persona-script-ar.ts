/**
 * The Arabic persona script (Modern Standard Arabic): keywords the engine understands and what reception, sales
 * and complaints say. Keywords are stems; the matcher also accepts them with clitics (و، ال، بال) and endings.
 */
import { PLAN_IDS, PLANS, type PlanId } from './plan-catalogue.ts';
import type { PersonaScript, Resolution } from './persona-script.ts';

// Arabic plan names rather than Latin brand names: an Arabic voice reads Latin letters one by one.
const PLAN_TITLE: Record<PlanId, string> = { basic: 'الخطة الأساسية', pro: 'الخطة الاحترافية', business: 'خطة الأعمال' };
const PLAN_SHORT: Record<PlanId, string> = { basic: 'الأساسية', pro: 'الاحترافية', business: 'الأعمال' };

/** "9 دولارات", "29 دولاراً": the counted noun agrees with the number as Arabic grammar requires. */
function dollars(n: number): string {
  if (n === 1) return 'دولار واحد';
  if (n === 2) return 'دولاران';
  if (n <= 10) return `${n} دولارات`;
  if (n % 100 >= 11 && n % 100 <= 99) return `${n} دولاراً`;
  return `${n} دولار`;
}

/** Same agreement for users, in the accusative because the list is the object of "تشمل". */
function users(n: number): string {
  if (n === 1) return 'مستخدماً واحداً';
  if (n <= 10) return `حتى ${n} مستخدمين`;
  return `حتى ${n} مستخدماً`;
}

const price = (plan: PlanId): string => `${dollars(PLANS[plan].monthlyUsd)} شهرياً`;

function features(plan: PlanId): string {
  const p = PLANS[plan];
  const storage = p.storageGb >= 1000 ? 'مساحة تخزين تيرابايت واحد' : `مساحة تخزين ${p.storageGb} غيغابايت`;
  const support = { email: 'دعماً عبر البريد الإلكتروني', priority: 'دعماً ذا أولوية', phone: 'دعماً هاتفياً على مدار الساعة' }[p.support];
  const all = [users(p.maxUsers), storage, support];
  if (p.advancedReports) all.push('تقارير متقدمة');
  if (p.accountManager) all.push('مدير حساب مخصصاً لك');
  return all.join('، و');
}

const RESOLUTION: Record<Resolution, string> = { refund: 'استرداد المبلغ', escalation: 'مراجعة حالتك من قِبل مختص أول' };
// Where a customer can act: the offline agent reaches no staff, order or ticket system.
const TEAM = 'فريق خدمة العملاء عبر وسائل التواصل المتاحة على هذا الموقع';

/** Short typed requests the engine understands in Arabic (the offline recognizer hears English only). */
const EXAMPLES_AR: readonly string[] = ['ما هي خططكم وأسعارها؟', 'لدي مشكلة في طلبي.', 'أريد التحدث مع موظف.'];

/** The Arabic script. */
export const SCRIPT_AR: PersonaScript = {
  examples: EXAMPLES_AR,
  lexicon: {
    intents: {
      recall: ['ذكرني', 'ذكّرني', 'هل تذكر', 'ما رقم طلبي', 'ما هو رقم طلبي', 'ما اسمي', 'أي خطة اخترت', 'ما الخطة التي اخترت'],
      human: ['موظف', 'شخص حقيقي', 'مع شخص', 'إلى شخص', 'انسان', 'إنسان', 'بشري', 'ممثل خدمة', 'ممثل العملاء', 'أحد الموظفين'],
      refund: ['استرد', 'استرج', 'ارجاع', 'إعادة المبلغ', 'إعادة أموالي', 'أموالي', 'فلوسي', 'تعويض'],
      escalate: ['تصعيد', 'صعد', 'المدير', 'مدير', 'مشرف', 'مسؤول أعلى', 'مختص أول'],
      complaint: ['شكو', 'شكاو', 'اشتك', 'غير راض', 'مستاء', 'مستاءة', 'سيئ', 'سيء'],
      upgrade: ['ترقي', 'تغيير الخطة', 'تغيير خطتي', 'خطة أعلى', 'خطة أكبر', 'مستخدمين أكثر', 'مساحة أكبر'],
      pricing: ['سعر', 'أسعار', 'تكلف', 'كم ثمن', 'ثمن', 'بكم', 'رسوم', 'شهري', 'رخيص', 'أرخص', 'غالي', 'غالية'],
      features: ['مميزات', 'ميزات', 'ميزة', 'تشمل', 'يشمل', 'تتضمن', 'يتضمن', 'الفرق', 'مقارنة', 'قارن', 'مساحة', 'مستخدم'],
      sales: ['مبيعات', 'خطة', 'خطت', 'خطط', 'باقة', 'باقات', 'اشترا', 'اشترك', 'اشتري', 'شراء', 'عرض', 'عروض'],
      reception: ['استقبال', 'القائمة الرئيسية', 'شيء آخر', 'موضوع آخر', 'سؤال آخر', 'العودة', 'ارجع', 'أرجع'],
      goodbye: ['مع السلامة', 'وداعا', 'إلى اللقاء', 'هذا كل شيء', 'لا شيء آخر'],
      greeting: ['مرحبا', 'أهلا', 'السلام عليكم', 'سلام عليكم', 'صباح الخير', 'مساء الخير', 'هلا'],
      affirm: ['نعم', 'بلى', 'موافق', 'حسنا', 'تمام', 'أكيد', 'طبعا', 'بالتأكيد', 'أختار', 'اخترت', 'سآخذ', 'أريد الخطة', 'اشترك'],
      deny: ['لا', 'كلا', 'ليس الآن', 'لا شكرا', 'لست مهتما', 'غير مهتم'],
      thanks: ['شكرا', 'أشكرك', 'مشكور', 'ممتن', 'جزاك الله خيرا'],
    },
    issues: {
      billing: ['مرتين', 'خصم مرتين', 'دفعت مرتين', 'مبلغ زائد', 'فاتور', 'خصم خاطئ'],
      wrong_item: ['خاطئ', 'غير صحيح', 'ليس ما طلبت', 'غير الذي طلبت', 'منتج آخر'],
      damaged: ['تالف', 'معطل', 'عطل', 'مكسور', 'انكسر', 'لا يعمل', 'توقف عن العمل', 'متضرر', 'تضرر', 'خربان'],
      late: ['تأخر', 'متأخر', 'لم يصل', 'لم تصل', 'ما وصل', 'لم يتم التوصيل', 'مفقود', 'ضاع', 'ما زلت أنتظر'],
      general: ['مشكل', 'مشاكل', 'خطأ', 'إلغاء', 'الغاء'],
    },
    plans: {
      basic: ['أساسي', 'بيسك'],
      pro: ['احتراف', 'محترف', 'برو'],
      business: ['أعمال', 'بيزنس'],
    },
  },

  replies: {
    intro: {
      reception: 'مرحباً بك مجدداً في الاستقبال.',
      sales: 'مرحباً، معك فريق المبيعات.',
      complaints: 'مرحباً، معك فريق الشكاوى.',
    },
    transferTo: {
      reception: 'بالتأكيد، سأعيدك إلى الاستقبال.',
      sales: 'سأحوّلك الآن إلى فريق المبيعات.',
      complaints: 'سأحوّلك الآن إلى فريق الشكاوى.',
    },
    sorry: 'يؤسفني سماع ذلك.',
    handoffAck: 'أتفهّم أنك تودّ التحدث مع أحد موظفينا.',
    handoff: (c) =>
      `إن تواصلت مع ${TEAM}، فيُرجى ذكر رقم التذكرة${c.order ? ` ورقم طلبك ${c.order}` : ''}. وفي الأثناء، يمكنني الإجابة عن أسئلتك حول خططنا وأسعارها، أو تدوين تفاصيل مشكلة في أحد طلباتك.`,
    recall: (subject, c) => {
      if (subject === 'name') return c.name ? `اسمك ${c.name}.` : 'لم تخبرني باسمك بعد.';
      if (subject === 'plan') return c.plan ? `كنت تستفسر عن ${PLAN_TITLE[c.plan]} بسعر ${price(c.plan)}.` : 'لم تختر خطة بعد.';
      return c.order ? `رقم طلبك هو ${c.order}.` : 'لم تخبرني برقم طلبك بعد.';
    },
    goodbye: (c) => `شكراً لاتصالك بنا${c.name ? ` يا ${c.name}` : ''}. نتمنى لك يوماً سعيداً. مع السلامة!`,
    thanks: 'على الرحب والسعة. هل هناك شيء آخر يمكنني مساعدتك فيه؟',
    hello: (c) => `أهلاً بك${c.name ? ` يا ${c.name}` : ''}!`,
    niceToMeet: (name) => `تشرفت بمعرفتك يا ${name}.`,
    notUnderstood: ['عذراً، لم أفهم ذلك تماماً.', 'آسف، لم أفهم ما تقصده.', 'عفواً، لم أتمكن من فهم طلبك.'],
    anythingElse: 'هل هناك شيء آخر يمكنني مساعدتك فيه؟',

    reception: {
      welcome: (c) => `مرحباً${c.name ? ` يا ${c.name}` : ''}، أهلاً بك في خدمة العملاء. أنا مساعد الاستقبال. كيف يمكنني مساعدتك اليوم؟`,
      help: 'يمكنني تحويلك إلى فريق المبيعات للاستفسار عن الخطط والأسعار والترقية، أو إلى فريق الشكاوى إذا واجهتك مشكلة في طلبك. بماذا تودّ أن أساعدك؟',
      howHelp: 'كيف يمكنني مساعدتك اليوم؟',
      affirm: 'رائع. هل تودّ الاستفسار عن خططنا وأسعارها، أم لديك مشكلة في أحد طلباتك؟',
      deny: 'حسناً. إذا احتجت إلى أي شيء، فأخبرني فقط إن كان الأمر يتعلق بخططنا أو بمشكلة في طلب.',
    },

    sales: {
      overview: `نقدّم ثلاث خطط: ${PLAN_IDS.map((id) => `${PLAN_TITLE[id]} بسعر ${price(id)}`).join('، و')}. جميع خططنا شهرية ومن دون عقد طويل الأمد. أيّ خطة تودّ أن تعرف المزيد عنها؟`,
      planDetails: (plan) => `${PLAN_TITLE[plan]} بسعر ${price(plan)}، وتشمل ${features(plan)}.`,
      askChoose: (plan) => `هل تودّ اختيار ${PLAN_TITLE[plan]}؟`,
      chosen: (plan) => `اختيار جيد: ${PLAN_TITLE[plan]} بسعر ${price(plan)}. لا أستطيع إتمام الاشتراك من هذه المحادثة، فلم يُطلب أو يُخصم أي شيء؛ للاشتراك اختر ${PLAN_TITLE[plan]} في صفحة الاشتراك على هذا الموقع. هل هناك شيء آخر يمكنني مساعدتك فيه؟`,
      compare: `${PLAN_IDS.map((id) => `${PLAN_TITLE[id]} تشمل ${features(id)}.`).join(' ')} أيّ خطة تناسبك أكثر؟`,
      upgrade: `يمكنك الترقية في أي وقت، ويبدأ السعر الجديد من فاتورتك الشهرية التالية. هل تودّ ${PLAN_TITLE.pro} بسعر ${price('pro')}، أم ${PLAN_TITLE.business} بسعر ${price('business')}؟`,
      askWhich: `أيّ خطة تفضّل: ${PLAN_IDS.map((id) => PLAN_SHORT[id]).join('، أم ')}؟`,
      declined: 'لا بأس. هل تودّ أن أعرّفك بخطة أخرى؟',
      help: `يمكنني مساعدتك في خططنا وأسعارها والترقية بينها. لدينا ${PLAN_TITLE.basic}، و${PLAN_TITLE.pro}، و${PLAN_TITLE.business}. أيّ خطة تودّ أن تعرف عنها؟`,
    },

    complaints: {
      empathy: {
        late: 'أعتذر عن تأخر طلبك، وأتفهّم تماماً مدى الإزعاج الذي يسببه الانتظار.',
        damaged: 'أعتذر لأن المنتج وصلك تالفاً أو لا يعمل كما ينبغي.',
        wrong_item: 'أعتذر لأنك استلمت طلباً غير الذي طلبته.',
        billing: 'أعتذر عن الخطأ في المبلغ المخصوم منك، فما كان ينبغي أن يحدث ذلك.',
        general: 'يؤسفني أنك واجهت مشكلة، وسأبذل قصارى جهدي لمساعدتك.',
      },
      askOrder: 'هل يمكنك إخباري برقم طلبك من فضلك؟',
      orderNoted: (order) => `شكراً لك، لقد سجّلت الطلب رقم ${order}.`,
      askIssue: 'ما المشكلة التي واجهتها في هذا الطلب؟',
      offer: (order) => `${order ? `بخصوص الطلب رقم ${order}، ` : ''}يمكنك طلب استرداد المبلغ، أو طلب مراجعة حالتك من قِبل مختص أول. لا أستطيع تنفيذ أيٍّ منهما بنفسي، لكن يمكنني تسجيل تذكرة لفريقنا بما تريده. أيّهما تفضّل؟`,
      done: (resolution) =>
        `${resolution === 'refund' ? 'يقرّر فريقنا استرداد المبلغ' : 'سيراجع مختص أول حالتك'} بناءً على التذكرة؛ يُرجى الاحتفاظ برقمها إن تواصلت مع ${TEAM}. هل هناك شيء آخر يمكنني مساعدتك فيه؟`,
      alreadyDone: (resolution, order) => `طلبك بخصوص ${RESOLUTION[resolution]} للطلب رقم ${order} مسجّل بالفعل لدى فريقنا. هل هناك شيء آخر يمكنني مساعدتك فيه؟`,
      needOrder: (resolution) => `لا أستطيع ${resolution === 'refund' ? 'تنفيذ استرداد المبلغ' : 'تصعيد الحالة'} بنفسي، لكن يمكنني تسجيل تذكرة لفريقنا برقم طلبك. ما رقم طلبك؟`,
      askChoice: 'هل تودّ طلب استرداد المبلغ، أم طلب مراجعة من مختص؟',
      orderNotHeard: 'لم أجد رقم طلب فيما قلته. هل يمكنك أن تقوله مرة أخرى، رقماً رقماً؟',
      noOrder: 'حسناً. سيحتاج فريقنا إلى رقم الطلب لاسترداد المبلغ أو مراجعة الحالة، فأخبرني به متى توفّر لديك.',
      help: 'يمكنني مساعدتك في مشكلة تتعلق بطلب: أدوّن ما حدث ورقم الطلب، وأسجّل تذكرة لفريقنا لاسترداد المبلغ أو لمراجعة حالتك من قِبل مختص.',
    },
  },
};
