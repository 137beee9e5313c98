/** English UI strings (the fallback for every other locale); the terms shown before the panel loads are in shell.ts. */
import { enShell } from './shell.ts';
import type { Translation } from './translation.ts';

const PERSONAS = { reception: 'Reception', sales: 'Sales', complaints: 'Complaints' } as const;
const STATES = {
  idle: 'Ready',
  connecting: 'Connecting…',
  listening: 'Listening',
  thinking: 'Thinking…',
  speaking: 'Speaking',
  ended: 'Call ended',
  error: 'Something went wrong',
} as const;

const GREETINGS = {
  reception: 'Hi! How can I help you today?',
  sales: 'Hi! I can tell you about our plans and prices. What would you like to know?',
  complaints: 'Hi, I am sorry something went wrong. Tell me what happened and I will help.',
} as const;
const SUGGESTIONS = {
  reception: ['What plans do you have?', 'I have a problem with my order', 'I would like to talk to a person'],
  sales: ['What plans do you have?', 'How much is the Pro plan?', 'Can I upgrade my plan?'],
  complaints: ['My order arrived damaged', 'I was charged twice', 'I would like a refund'],
} as const;

/** English. */
const en: Translation = {
  ...enShell,
  $name: 'English',

  close: 'Close',
  status: (state) => STATES[state],
  callDuration: 'Call duration',
  personaName: (persona) => PERSONAS[persona] ?? persona,

  levelLabel: 'Microphone level',
  levelSpeaking: 'Microphone level: speaking',
  levelQuiet: 'Microphone level: quiet',
  levelOff: 'Microphone off',

  conversation: 'Conversation',
  you: 'You',
  typing: 'Typing…',
  notSent: 'Not sent.',

  message: 'Message',
  messagePlaceholder: 'Type a message…',
  send: 'Send',

  callControls: 'Call controls',
  startCall: 'Start call',
  endCall: 'End call',
  mute: 'Mute',
  stopSpeaking: 'Stop',
  holdToTalk: 'Hold to talk',
  talking: 'Release to send',
  holdToTalkHint: 'Hold Talk (or Space) while you speak, then let go.',
  callInProgress: (duration, muted) => `Call in progress, ${duration}${muted ? ', microphone muted' : ''}. Open the support panel`,
  callContinues: 'The call continues with the panel closed.',
  greeting: (persona) => GREETINGS[persona],
  suggestions: (persona) => SUGGESTIONS[persona],
  suggestionsLabel: 'Suggestions',
  voiceOff: 'Voice calls are not available here. Type your message below.',
  voiceOffLanguage: 'Voice calls here are in English only. Type your message below, in any language.',
  callElsewhere: 'A call is already running in another support window on this page.',

  micDenied:
    'Microphone access is blocked. To allow it, click the lock or camera icon in the address bar, open Site settings, set Microphone to Allow, then start the call again. You can keep chatting by text.',
  micNotFound: 'No microphone was found. Connect one and start the call again, or chat by text.',
  micInUse: 'Another app is using your microphone. Close it and start the call again, or chat by text.',
  micInsecure: 'The microphone only works on a secure (https) page. You can chat by text.',
  micOther: 'The microphone could not be started. You can chat by text.',
  voiceUnavailable: 'Voice could not be started in this browser. You can chat by text.',
  originNotAllowed: 'The assistant is not enabled for this site.',
  rateLimited: (seconds) =>
    seconds === undefined ? 'Too many requests. Please try again in a moment.' : `Too many requests. Please try again in ${seconds} seconds.`,
  noSpeech: 'I did not hear anything. Please try again.',
  notUnderstood: 'Sorry, I could not understand that. Please say it again or type it.',
  unsupportedLanguage: 'Voice is not available in that language yet. Please type your message.',
  tooLong: 'That was too long to send. Please keep it shorter.',
  providerError: 'The assistant had a problem answering. Please try again.',
  genericError: 'Something went wrong. Please try again.',
  livekitFallback: 'Your call continues here.',
  livekitRejoined: 'You are reconnected.',
  livekitRemoved: 'The voice room was closed. The assistant can still help you here.',
  transferred: (to) => `You are now talking to ${to}.`,
  // Nobody on staff can join a call yet: the notice says so rather than promise a person.
  handoff: 'No one from our team is in this conversation yet.',
  staffJoined: (name) => `${name} from our team joined the call.`,
  staffLeft: (name) => `${name} left the call.`,
  staffJoinedChat: (name) => `${name} from our team joined the chat.`,
  staffLeftChat: (name) => `${name} left the chat. The AI assistant answers again.`,
  callEnded: (duration) => `Call ended (${duration}).`,
};

export default en;
