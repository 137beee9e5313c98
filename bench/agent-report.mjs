// The AI agent latency section of the benchmark's Markdown (bench/agent-latency.mjs's result): table rows and
// notes for `npm run bench`'s table, and the section on its own for `node bench/agent-latency.mjs`.

/** The agent keeps this much of a voice's quiet lead-in (LEAD_IN_MS in server/src/agent/audio-frames.ts). */
export const AGENT_LEAD_IN_MS = 40;

/** The lead-in the agent's voice starts with: the voice's own, cut to AGENT_LEAD_IN_MS. */
export function agentLeadIn(leadInMs) {
  return Math.min(leadInMs, AGENT_LEAD_IN_MS);
}

const ms = (v) => (v === null || v === undefined ? 'n/a' : `${Math.round(v)} ms`);
const signed = (v) => `${v >= 0 ? '+' : '−'}${Math.abs(Math.round(v))} ms`;
const yes = (ok) => (ok ? 'yes' : '**no**');
const parts = (a) => [['Simulator', 'simulator (fixed latencies)', a.simulator], ['Local', 'local engines (no key)', a.local]].filter(([, , m]) => m && !m.skipped);

/** The goals of the issue, per engine set: at or below direct mode, and within 100 ms of the critical path. */
export function agentGoals(a) {
  if (!a || a.skipped) return {};
  const goals = {};
  for (const [key, , m] of parts(a)) {
    goals[`agent${key}AtOrBelowDirect`] = m.agentMs <= m.directMs;
    goals[`agent${key}NearCriticalPath`] = m.overCriticalMs <= 100;
  }
  return goals;
}

/** The critical path of the agent mode, as a sum that names its terms. */
function agentPathSum(a, m) {
  const vad = a.silero.detectionMs;
  const c = m.criticalPath;
  const leadIn = `voice lead-in ${Math.round(agentLeadIn(m.leadInMs))} (the agent cuts the voice's ${Math.round(m.leadInMs)} to ${AGENT_LEAD_IN_MS})`;
  if (c.transcriptionMs !== undefined) return `VAD ${vad} + transcription ${c.transcriptionMs} + first token ${c.chatFirstTokenMs} + first sentence ${c.firstSentenceMs} + synthesis ${c.ttsFirstByteMs} + ${leadIn} = ${ms(c.agentMs)}`;
  return `VAD ${vad} + engines ${Math.round(c.enginesMs)} + ${leadIn} = ${ms(c.agentMs)}`;
}

/** Table rows (measure, ours, baseline in the same run, goal, met) for `npm run bench`'s table. */
export function agentRows(a) {
  if (!a) return [];
  if (a.skipped) return [[a.skipped.charAt(0).toUpperCase() + a.skipped.slice(1), '', '', '', '']];
  const g = agentGoals(a);
  const rows = [];
  for (const [key, label, m] of parts(a)) {
    rows.push(
      [`AI agent over LiveKit, ${label}: end of speech → first loud agent audio frame received (Node customer)`, ms(m.agentMs), `direct \`POST /api/voice-turn\`, request → first \`audio\` event: ${ms(m.directMs)}`, `≤ direct: **${m.ratio}×**`, yes(g[`agent${key}AtOrBelowDirect`])],
      [`… against direct mode as heard: the widget's end-of-speech wait (${a.endOfSpeech.widgetHangoverMs} ms) + the turn + the voice's lead-in (${Math.round(m.leadInMs)} ms)`, ms(m.agentMs), ms(m.directHeardMs), `**${m.ratioHeard}×**`, ''],
      [`AI agent over its critical path (${agentPathSum(a, m)})`, signed(m.overCriticalMs), `direct over its own (${ms(m.criticalPath.directMs)}): ${signed(m.directOverCriticalMs)}`, '≤ +100 ms', yes(g[`agent${key}NearCriticalPath`])],
    );
  }
  if (a.local?.skipped) rows.push([`AI agent, ${a.local.skipped}`, '', '', '', '']);
  return rows;
}

/** The notes that explain the rows. */
export function agentNotes(a) {
  if (!a || a.skipped) return [];
  const e = a.endOfSpeech;
  const v = a.silero;
  const f = a.fixture;
  const notes = [
    `- **AI agent latency**: the real LiveKit server ${a.livekitServer}, the real server with \`LIVEKIT_AGENT=on\`, one agent worker (\`node agent.js\` as the build makes it, @livekit/agents ${a.agentsVersion}, its Silero VAD at the plugin's defaults) and a customer in Node (@livekit/rtc-node, not a browser) who joins a fresh room per round, waits for the agent and speaks \`${f.file}\` (${ms(f.durationMs)}; its speech ends at ${ms(f.speechEndsMs)}) into an open microphone. Agent mode is timed from the end of the speech (when the last 10 ms louder than -45 dBFS leaves the customer's audio source) to the first 10 ms frame of the agent's track louder than -45 dBFS, decoded by the customer's rtc-node stream (after WebRTC's jitter buffer), by its arrival time. Direct mode is timed as in the voice-turn row: from the start of \`POST /api/voice-turn\` to the first \`audio\` event, uploading what the widget would (the same recording from its ${e.widgetPreRollMs} ms pre-roll to ${e.widgetHangoverMs} ms after the speech, ${ms(f.directUploadMs)}); the widget starts that request only when its VAD has heard ${e.widgetHangoverMs} ms of quiet, and an \`audio\` event is not yet a loud sound, so the direct figure leaves out two things the agent's includes; the second row adds them. ${a.rounds} rounds of each mode per engine set, after a warm-up of each, alternating which goes first; medians. Before each measured turn the harness waits for the machine to be quiet (the worker prewarms a new idle process whenever a call takes the warm one).`,
    `- **Agent critical path**: the end of speech is detected by Silero when its speech probability has stayed under 0.5 for longer than minSilenceDuration ${v.minSilenceMs} ms (the plugin's default), judged once per ${v.windowMs} ms window, so at the earliest ${v.detectionMs} ms after the speech; the framework's minimum endpointing delay (${e.minEndpointingDelayMs} ms, counted from the last speech) has then already passed.${v.offlineEndMs === null ? '' : ` Offline, the same VAD ends this recording's speech ${ms(v.offlineEndMs)} after its last loud 10 ms: its probability stays above 0.5 for ${ms(v.offlineEndMs - v.detectionMs)} of the quiet first.`} Then the same work as a direct turn: transcription, the first token, the tokens of the first sentence and its synthesis (for the local engines: what the server measured inside direct turns from the request's arrival to the first audio, \`timings_ms.first_audio\`), and, since the agent is timed to a loud frame, the quiet the synthesized first sentence begins with (its voice's lead-in, read from a direct turn's first \`audio\` event). The WebRTC legs (microphone to agent, agent to customer) are not in it.`,
  ];
  for (const [, label, m] of parts(a)) {
    const t = m.agentMedians;
    const d = m.directMedians;
    notes.push(
      `- **Where the agent's time goes, ${label}** (medians, ms after the end of speech): the customer's transcript arrives ${ms(t.transcriptMs)}; \`lk.agent.state\` turns \`thinking\` (turn committed, reply started) ${ms(t.thinkingMs)} and \`speaking\` (first reply frame into the agent's audio source) ${ms(t.speakingMs)}; first loud frame received ${ms(t.firstLoudMs)} (first frame with any sound, > -70 dBFS: ${ms(t.firstSoundMs)}). Direct, from the request start: transcript event ${ms(d.transcriptMs)}, first text ${ms(d.firstDeltaMs)}, first audio ${ms(d.firstAudioMs)} (server side: ${ms(d.serverTranscriptMs)}, ${ms(d.serverFirstDeltaMs)}, ${ms(d.serverFirstAudioMs)}). Transcripts heard by the agent: ${m.transcripts.map((x) => `"${x}"`).join(', ')}.`,
    );
  }
  const turns = parts(a).flatMap(([, , m]) => [...m.samples.agent, ...m.samples.direct]);
  const busy = turns.filter((t) => t.settle?.gaveUp).length;
  notes.push(`- **Load** while the agent section ran: 1-minute load average ${a.loadAverage.before} before, ${a.loadAverage.after} after (${a.durationSeconds} s); the machine was still busy (over 30% of the cores for 10 s) before ${busy} of the ${turns.length} measured turns, marked \`settle.gaveUp\` in \`bench/results.json\`.`);
  return notes;
}

/** The section on its own: a table and its notes. */
export function agentMarkdown(a) {
  if (a.skipped) return a.skipped;
  return [
    '| measure | ours | baseline, same run | goal | met |',
    '|---|---|---|---|---|',
    ...agentRows(a).map((row) => `| ${row.join(' | ')} |`),
    '',
    ...agentNotes(a),
  ].join('\n');
}
