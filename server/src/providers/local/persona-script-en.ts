/**
 * The English persona script: keywords the engine understands and what reception, sales and complaints say.
 * Keywords are written lower case without apostrophes ("dont"), as messages are normalised that way.
 */
import { PLAN_IDS, PLANS, type PlanId } from './plan-catalogue.ts';
import type { PersonaScript, Resolution } from './persona-script.ts';

const price = (plan: PlanId): string => `$${PLANS[plan].monthlyUsd} a month`;
const title = (plan: PlanId): string => `the ${PLANS[plan].name} plan`;
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

// Numbers as words where a speech synthesizer would otherwise read "1 TB" letter by letter.
function features(plan: PlanId): string {
  const p = PLANS[plan];
  const users = p.maxUsers === 1 ? 'one user' : `up to ${p.maxUsers} users`;
  const storage = p.storageGb >= 1000 ? `${p.storageGb / 1000 === 1 ? 'one' : p.storageGb / 1000} terabyte of storage` : `${p.storageGb} gigabytes of storage`;
  const support = { email: 'email support', priority: 'priority support', phone: 'phone support around the clock' }[p.support];
  const extras = [p.advancedReports ? 'advanced reports' : '', p.accountManager ? 'a dedicated account manager' : ''].filter(Boolean);
  const all = [users, storage, support, ...extras];
  return `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

const RESOLUTION: Record<Resolution, string> = { refund: 'a refund', escalation: 'a review by a senior specialist' };
// Where a customer can act: the offline agent reaches no staff, order or ticket system.
const TEAM = 'our customer service team, through the contact options on this website';

/** Short requests that work offline: each is one of the phrases below, which the recognizer hears best. */
const EXAMPLES_EN: readonly string[] = ['What plans do you have?', 'I have a problem with my order.', 'I want to talk to a person.'];

/** The English script. */
export const SCRIPT_EN: PersonaScript = {
  examples: EXAMPLES_EN,
  lexicon: {
    intents: {
      callback: ['call me back', 'call us back', 'callback', 'a call back', 'give me a call', 'ring me', 'phone me', 'contact me', 'reach me', 'get back to me', 'call me at', 'call me on', 'my phone number', 'my mobile number', 'my cell number', 'my telephone number', 'my email', 'my e mail', 'email me', 'e mail me'],
      human: ['human', 'a person', 'real person', 'live person', 'actual person', 'to a person', 'with a person', 'agent', 'representative', 'operator', 'talk to someone', 'speak to someone', 'speak with someone', 'talk to somebody', 'speak to somebody', 'speak with somebody', 'somebody i can talk to', 'someone i can talk to', 'anyone i can talk to', 'human being', 'member of staff', 'staff member'],
      recall: ['remind me', 'remember my', 'what was my', 'what is my name', 'whats my name', 'what is my order number', 'whats my order number', 'repeat my', 'read back', 'did i give you', 'did i tell you', 'did i choose', 'did i pick', 'was i looking at', 'my order number again', 'my name again'],
      refund: ['refund', 'refunded', 'money back', 'reimburse', 'reimbursed', 'reimbursement', 'return my money', 'money returned', 'money return', 'repay', 'pay me back', 'give me back'],
      escalate: ['escalate', 'escalated', 'escalation', 'a manager', 'the manager', 'your manager', 'supervisor', 'senior specialist', 'someone senior', 'higher up', 'in charge'],
      complaint: ['complaint', 'complain', 'complaints', 'not happy', 'unhappy', 'disappointed', 'dissatisfied', 'not satisfied', 'terrible', 'awful', 'fed up', 'unacceptable'],
      upgrade: ['upgrade', 'upgrading', 'higher plan', 'bigger plan', 'better plan', 'change my plan', 'more users', 'more storage', 'moving up', 'move up', 'bump'],
      pricing: ['price', 'pricing', 'cost', 'how much', 'expensive', 'cheap', 'cheapest', 'cheaper', 'monthly', 'per month', 'fee', 'fees', 'rate', 'afford', 'discount', 'discounts', 'a whole year', 'annual', 'yearly'],
      features: ['feature', 'include', 'includes', 'included', 'come with', 'comes with', 'difference', 'compare', 'comparison', 'storage', 'space', 'users', 'how many people', 'what do i get'],
      sales: ['sales', 'plan', 'plans', 'tier', 'buy', 'purchase', 'subscribe', 'subscription', 'sign up', 'sign me up', 'new plan', 'package', 'offer', 'what you sell', 'product'],
      reception: ['reception', 'receptionist', 'main menu', 'go back', 'something else', 'start over', 'start again', 'from the beginning', 'another question', 'different question', 'other question', 'help me out', 'need some help'],
      goodbye: ['goodbye', 'good bye', 'bye', 'see you', 'that is all', 'thats all', 'that is everything', 'thats everything', 'thats it', 'nothing else', 'have a nice day', 'have a good day'],
      greeting: ['hello', 'hi', 'hey', 'good morning', 'good afternoon', 'good evening', 'morning', 'greetings', 'anyone there'],
      affirm: ['yes', 'yeah', 'yep', 'sure', 'ok', 'okay', 'alright', 'all right', 'correct', 'that is right', 'thats right', 'please do', 'go ahead', 'of course', 'sounds good', 'would be great', 'definitely', 'absolutely', 'i will take', 'ill take', 'i choose', 'i want the', 'i would like the', 'id like the', 'go with', 'sign me up'],
      deny: ['no', 'nope', 'not now', 'not really', 'no thanks', 'no thank you', 'not interested', 'never mind', 'nevermind', 'dont think so'],
      thanks: ['thank you', 'thanks', 'thank', 'appreciate', 'cheers'],
    },
    issues: {
      billing: ['charged twice', 'charged me twice', 'two times', 'double charged', 'overcharged', 'billed twice', 'billed for', 'took money', 'wrong charge', 'extra charge', 'billing', 'a bill', 'my bill', 'the bill', 'this bill', 'invoice', 'too high', 'statement', 'dont recognize', 'do not recognize'],
      wrong_item: ['wrong order', 'wrong item', 'wrong product', 'wrong size', 'wrong color', 'wrong one', 'sent me the wrong', 'received the wrong', 'not what i ordered', 'not what i order', 'but i ordered', 'incorrect order'],
      damaged: ['damaged', 'broken', 'broke', 'defective', 'faulty', 'not working', 'doesnt work', 'does not work', 'stopped working', 'cracked', 'scratched', 'left open'],
      late: ['late', 'delayed', 'delay', 'not arrived', 'has not arrived', 'hasnt arrived', 'never arrived', 'did not arrive', 'didnt arrive', 'not delivered', 'delivered yet', 'never came', 'shown up', 'show up', 'turned up', 'still waiting', 'where is my order', 'lost'],
      general: ['problem', 'issue', 'trouble', 'missing', 'mistake', 'error', 'cancel', 'return'],
    },
    plans: {
      basic: ['basic'],
      pro: ['pro', 'professional'],
      business: ['business'],
    },
  },

  replies: {
    intro: {
      reception: 'Welcome back to reception.',
      sales: 'Hello, this is the sales team.',
      complaints: 'Hello, this is the complaints team.',
    },
    transferTo: {
      reception: 'Of course. Let me take you back to reception.',
      sales: 'Let me transfer you to our sales team.',
      complaints: 'Let me transfer you to our complaints team.',
    },
    sorry: 'I am sorry to hear that.',
    handoffAck: 'I understand you would like to talk to a person.',
    handoff: (c) =>
      `${c.callback ? `If you contact ${TEAM}, please quote the ticket's number${c.order ? ` and order ${c.order}` : ''}. ` : ''}Meanwhile, I can answer questions about our plans and prices, or note the details of a problem with an order.`,
    callback: {
      ask: 'Of course. What phone number or email address can our team reach you at?',
      notHeard: 'I could not find a phone number or an email address in that. Could you tell me again, please?',
      ack: 'Thank you.',
      done: (contact) => `Our team will contact you at ${contact} about your request. Is there anything else I can help you with?`,
      already: (recorded, given) =>
        `${given && given !== recorded ? `A callback request with ${recorded} is already recorded for our team, and I cannot change it from this conversation.` : `Your callback request with ${recorded} is already recorded for our team.`} Is there anything else I can help you with?`,
    },
    recall: (subject, c) => {
      if (subject === 'name') return c.name ? `Your name is ${c.name}.` : 'You have not told me your name yet.';
      if (subject === 'plan') return c.plan ? `You were looking at ${title(c.plan)}, at ${price(c.plan)}.` : 'You have not picked a plan yet.';
      return c.order ? `Your order number is ${c.order}.` : 'You have not given me an order number yet.';
    },
    goodbye: (c) => `Thank you for calling${c.name ? `, ${c.name}` : ''}. Have a great day. Goodbye!`,
    thanks: 'You are welcome. Is there anything else I can help you with?',
    hello: (c) => `Hello${c.name ? ` ${c.name}` : ''}!`,
    niceToMeet: (name) => `Nice to meet you, ${name}.`,
    notUnderstood: ['Sorry, I did not quite catch that.', 'I am sorry, I did not understand that.', 'Sorry, I am not sure I followed you.'],
    anythingElse: 'Is there anything else I can help you with?',

    reception: {
      welcome: (c) => `Hello${c.name ? ` ${c.name}` : ''}, and welcome to customer service. I am the reception assistant. How can I help you today?`,
      help: 'I can connect you with our sales team for plans, prices and upgrades, or with our complaints team if something went wrong with an order. Which would you like?',
      howHelp: 'How can I help you today?',
      affirm: 'Great. Are you interested in our plans and prices, or do you have a problem with an order?',
      deny: 'All right. If you need anything, just tell me whether it is about our plans or about a problem with an order.',
    },

    sales: {
      overview: `We offer three plans: ${PLAN_IDS.map((id) => `${PLANS[id].name} at ${price(id)}`).join(', ').replace(/, ([^,]*)$/, ', and $1')}. All plans are monthly, with no long-term contract. Which plan would you like to hear about?`,
      planDetails: (plan) => `${cap(title(plan))} costs ${price(plan)} and includes ${features(plan)}.`,
      askChoose: (plan) => `Would you like to choose ${title(plan)}?`,
      chosen: (plan) => `Good choice: ${title(plan)}, at ${price(plan)}. I cannot sign you up from this conversation, so nothing has been ordered or charged; to subscribe, choose ${PLANS[plan].name} on the sign-up page of this website. Is there anything else I can help you with?`,
      compare: `${PLAN_IDS.map((id) => `${cap(title(id))} has ${features(id)}.`).join(' ')} Which one suits you best?`,
      upgrade: `You can upgrade at any time, and the new price starts with your next monthly bill. Would you like ${title('pro')} at ${price('pro')}, or ${title('business')} at ${price('business')}?`,
      askWhich: 'Which plan would you like: Basic, Pro or Business?',
      declined: 'No problem. Would you like to hear about another plan?',
      help: 'I can help you with our plans, their prices and upgrades. We offer Basic, Pro and Business. Which one would you like to know about?',
    },

    complaints: {
      empathy: {
        late: 'I am sorry your order is late. I understand how frustrating it is to wait.',
        damaged: 'I am sorry the product arrived damaged or is not working as it should.',
        wrong_item: 'I am sorry you received the wrong order.',
        billing: 'I am sorry you were charged incorrectly. That should not have happened.',
        general: 'I am sorry you have had a problem. I will do my best to help.',
      },
      askOrder: 'Could you tell me your order number, please?',
      orderNoted: (order) => `Thank you, I have noted order ${order}.`,
      askIssue: 'What went wrong with this order?',
      offer: (order) => `${order ? `For order ${order}, you` : 'You'} can ask for a refund, or for a review by a senior specialist. I cannot do either myself, but I can record a ticket for our team with the one you want. Which would you prefer?`,
      done: (resolution) =>
        `${resolution === 'refund' ? 'Our team decides on refunds' : 'A senior specialist will look at your case'} from the ticket; please keep its number if you contact ${TEAM}. Is there anything else I can help you with?`,
      alreadyDone: (resolution, order) => `Your request for ${RESOLUTION[resolution]} on order ${order} is already recorded for our team. Is there anything else I can help you with?`,
      needOrder: (resolution) => `I cannot ${resolution === 'refund' ? 'process a refund' : 'escalate a case'} myself, but I can record a ticket for our team with your order number. What is your order number?`,
      askChoice: 'Would you like to ask for a refund, or for a review by a specialist?',
      orderNotHeard: 'I could not find an order number in that. Could you say it again, digit by digit?',
      noOrder: 'All right. Our team will need the order number for a refund or a review, so just tell me when you have it.',
      help: 'I can help with a problem with an order: I note what went wrong and your order number, and record a ticket for our team to refund it or have a specialist review it.',
    },
  },
};

/**
 * Short customer utterances the engine understands, lower case, no punctuation, every word in the CMU
 * pronouncing dictionary: the phrase list of the constrained offline recogniser.
 */
export const CUSTOMER_PHRASES_EN: readonly string[] = [
  // reception and small talk
  'hello', 'hi', 'hi there', 'good morning', 'good afternoon', 'good evening', 'hello i need some help',
  'my name is john', 'my name is sarah', 'my name is david', 'my name is maria',
  'something else', 'i have another question', 'go back', 'take me back to reception',
  'thank you', 'thanks', 'thank you very much', 'goodbye', 'bye', 'that is all', 'nothing else', 'no thank you',
  'yes', 'yes please', 'yeah', 'sure', 'okay', 'no', 'not now',
  // sales
  'i would like to talk to sales about a new plan', 'i want to talk to sales', 'i would like a new plan',
  'what plans do you have', 'tell me about your plans', 'what are your prices', 'how much does it cost',
  'how much is the basic plan', 'how much is the pro plan', 'how much is the business plan',
  'what does the basic plan include', 'what does the pro plan include', 'what does the business plan include',
  'what is the difference between the plans', 'which plan is the cheapest', 'how many users are included',
  'i want to upgrade my plan', 'i would like to upgrade to the business plan', 'can i upgrade to pro',
  'i want to buy a plan', 'i want to subscribe', 'sign me up',
  'i want the pro plan', 'i will take the basic plan', 'i would like the business plan',
  'the basic plan', 'the pro plan', 'the business plan', 'basic', 'pro', 'business',
  // complaints
  'i have a problem with my order', 'i have a complaint', 'i want to make a complaint',
  'my order is late', 'my order has not arrived', 'my delivery is late', 'my order arrived damaged',
  'the product is broken', 'it is not working', 'i received the wrong order', 'you sent me the wrong item',
  'i was charged twice', 'i want a refund', 'i would like a refund', 'a refund please', 'refund',
  'can i get my money back', 'please escalate', 'please escalate my case', 'escalate', 'i want to speak to a manager',
  'my order number is one two three four five', 'order number one two three four five',
  'my order number is five four three two one', 'the order number is nine eight seven six five',
  'my order number is two four six eight zero one',
  // a callback
  'please call me back', 'can you call me back', 'can someone call me back',
  'my phone number is five five five one two three four five six seven', 'call me back at five five five one two three four five six seven',
  // a person
  'i want to talk to a human', 'i want to talk to a person', 'can i speak to a real person',
  'let me talk to an agent', 'i want a representative', 'i need a human',
];
