// The whole voice hand-over, with the AI agent in the call: the real LiveKit server with its webhooks relayed to our
// server (LIVEKIT_AGENT=on), one agent worker sharing the server's database, and Chromium with two pages: the
// customer on the demo site and Sam on /console. The customer asks for a person out loud (the fake microphone says
// "i want to talk to a human"); the agent records the ticket, the console raises it at once; Sam joins from there,
// each side hears the other (measured, Sam's voice told apart from the agent's), the agent keeps quiet while the
// customer's words are still written down; Sam leaves and the agent answers again.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildAgentBundle, startAgentWorker } from '../scripts/agent-worker-dev.mjs';
import { requireLiveKit, startLiveKit } from '../scripts/livekit-dev.mjs';
import { disposeRtc } from '../scripts/livekit-participant.mjs';
import { addStaff, signInToConsole } from './support/console.mjs';
import { launchBrowser, newPage, ROOT, startServer } from './support/harness.mjs';
import { ADMIN_KEY, callInRoom, cleanUp, livekitEnv, until, webhookRelay, withoutCloseNoise } from './support/livekit.mjs';
import { send } from './support/widget.mjs';

const binary = requireLiveKit('console hand-over e2e');
const PASSWORD = 'correct horse battery';
/** "i want to talk to a human", one of the recognizer's phrases (scripts/make-fixtures.sh), then 3 s of quiet. */
const REQUEST_WAV = join(ROOT, 'widget/test/fixtures/human.wav');
/** Louder than this is a voice; the agent standing by stays below SILENT. */
const VOICE_DBFS = -40;
const SILENT_DBFS = -50;

/** Where each page plays the room's voices: the widget's remote audio elements, the console's audio elements. */
const CUSTOMER_VOICES = ['call-center-widget', '[data-ccw-remote-audio]'];
const CONSOLE_VOICES = ['ccw-console', 'audio'];

/**
 * Each voice the page plays, by its track's id, with the loudest 50 ms over `ms` in dBFS (one analyser per element,
 * so two voices in the room are measured apart).
 */
function voiceLevels(page, [host, selector], ms) {
  return page.evaluate(
    async ([host, selector, ms]) => {
      const elements = [...document.querySelector(host).shadowRoot.querySelectorAll(selector)].filter(
        (el) => !el.paused && el.srcObject && el.srcObject.getAudioTracks().some((t) => t.readyState === 'live'),
      );
      if (elements.length === 0) return [];
      const ctx = new AudioContext();
      await ctx.resume();
      const voices = elements.map((el) => {
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 2048;
        ctx.createMediaStreamSource(el.srcObject).connect(analyser);
        return { track: el.srcObject.getAudioTracks()[0].id, analyser, peak: 0 };
      });
      const data = new Float32Array(2048);
      const end = performance.now() + ms;
      while (performance.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
        for (const v of voices) {
          v.analyser.getFloatTimeDomainData(data);
          let sum = 0;
          for (const x of data) sum += x * x;
          v.peak = Math.max(v.peak, Math.sqrt(sum / data.length));
        }
      }
      await ctx.close();
      return voices.map((v) => ({ track: v.track, peakDbfs: v.peak === 0 ? -Infinity : 20 * Math.log10(v.peak) }));
    },
    [host, selector, ms],
  );
}

const loudest = (levels) => Math.max(-Infinity, ...levels.map((l) => l.peakDbfs));
const dbfs = (value) => value.toFixed(1);
/** What the widget says the customer said (its ccw-transcript events). */
const transcripts = (page) => page.evaluate(() => window.__ccw.events.filter((e) => e.type === 'ccw-transcript').map((e) => e.detail.text));
const texts = async (locator) => (await locator.allTextContents()).map((t) => t.trim());

/**
 * Unmutes the customer's widget in a pause of the looping fake microphone (found on a clone of the very track the
 * widget publishes), so the agent never hears a phrase cut in two; resolves once the next phrase begins, with when
 * (Date.now()).
 */
function unmuteInPause(page) {
  return page.evaluate(async () => {
    const track = window.__ccw.gum.streams.flatMap((s) => s.getAudioTracks()).findLast((t) => t.readyState === 'live');
    // A clone shares the source (and so the file's position) but not `enabled`: it hears the file while muted.
    const copy = track.clone();
    copy.enabled = true;
    const ctx = new AudioContext();
    await ctx.resume();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    ctx.createMediaStreamSource(new MediaStream([copy])).connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    const loud = () => {
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += v * v;
      return Math.sqrt(sum / data.length) > 0.01;
    };
    const deadline = performance.now() + 15_000;
    const tick = () => {
      if (performance.now() > deadline) throw new Error('the microphone never paused between phrases');
      return new Promise((r) => setTimeout(r, 10));
    };
    try {
      // Words follow each other closely: 300 ms of quiet is the pause between two phrases.
      for (let quietSince = performance.now(); performance.now() - quietSince < 300; ) {
        await tick();
        if (loud()) quietSince = performance.now();
      }
      document.querySelector('call-center-widget').setMuted(false);
      while (!loud()) await tick();
      return Date.now();
    } finally {
      copy.stop();
      await ctx.close();
    }
  });
}

describe('a caller asks the AI agent for a person and a member of staff takes the call over', { skip: !binary && 'livekit-server not installed' }, () => {
  let relay;
  let livekit;
  let bundle;
  let worker;
  let server;
  let browser;

  before(async () => {
    const started = Date.now();
    relay = await webhookRelay();
    [livekit, bundle] = await Promise.all([startLiveKit({ binary, webhookUrls: [`${relay.url}/api/livekit/webhook`] }), buildAgentBundle()]);
    // The worker's call processes write the tickets and note who from staff is online in the database the server
    // reads, as `npm start` has them share DATA_DIR.
    const dataDir = join(dirname(bundle.file), 'data');
    [worker, server, browser] = await Promise.all([
      startAgentWorker({ bundle, livekit, env: { DATA_DIR: dataDir } }),
      startServer(livekitEnv(livekit, livekit.wsUrl, { LIVEKIT_AGENT: 'on', DATA_DIR: dataDir })),
      // Both pages share the fake microphone: Sam says the same words, which only the customer's agent listens to.
      launchBrowser({ wav: REQUEST_WAV }),
    ]);
    relay.target = server.url;
    await addStaff(server.url, ADMIN_KEY, 'Sam', PASSWORD);
    console.log(`# setup: LiveKit, the agent worker, the server and Chromium ready in ${Date.now() - started} ms`);
  });

  after(async () => {
    await cleanUp([
      ['the browser closes', () => browser?.close()],
      ['the server stops', () => server?.close()],
      ['the worker stops', () => worker?.stop()],
      ['LiveKit stops', () => livekit?.stop()],
      ['the relay closes', () => relay?.close()],
      ['the agent bundle goes', () => bundle?.dispose()],
      // LiveKit's native runtime keeps the process alive until it is shut down.
      ['rtc-node shuts down', () => disposeRtc()],
    ]);
  });

  it('raises the spoken request in the console, Sam joins and is heard, the agent keeps quiet until Sam leaves', async () => {
    // Sam is at work: the console is open (so the agent can say someone can join).
    const staff = await newPage(browser);
    await signInToConsole(staff, server.url, 'Sam', PASSWORD);
    await staff.getByRole('heading', { name: 'Live calls' }).waitFor();

    const customer = await newPage(browser);
    await customer.goto(`${server.url}/`);
    await customer.evaluate(() => {
      // A customer who has asked waits for an answer: the fake microphone would ask again every 5.5 s. (Muted in the
      // pause after the phrase, when its transcript arrives: the agent hears whole phrases only.)
      document.addEventListener('ccw-transcript', (e) => {
        if (/human|person/.test(e.detail.text)) document.querySelector('call-center-widget').setMuted(true);
      });
    });
    const { w, room } = await callInRoom(customer);

    // 1-2. The agent hears the request and records a ticket; the console raises it. Both watched from now on.
    const waiting = staff.getByRole('region', { name: /Asked for a person/ });
    const [told, raised] = await Promise.all([
      until('the agent tells the customer the ticket’s number', async () => {
        const reply = (await texts(w.agentBubbles)).find((t) => /I have recorded ticket \d+/.test(t));
        return reply && { id: Number(/ticket (\d+)/.exec(reply)[1]), at: Date.now() };
      }, 60_000),
      until('the console shows a caller waiting', async () => (await waiting.getByLabel('1 caller waiting').count()) > 0 && Date.now(), 60_000),
    ]);
    const ticket = await (await fetch(`${server.url}/api/admin/tickets/${told.id}`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } })).json();
    assert.equal(ticket.kind, 'human_request');
    assert.equal(ticket.room_name, room);
    const createdAt = Date.parse(ticket.created_at);
    await waiting.getByRole('heading', { name: `Ticket ${told.id} · Asked for a person` }).waitFor();
    assert.equal(await staff.title(), '(1) Call center console');
    const heard = await transcripts(customer);
    console.log(
      `# request: heard ${JSON.stringify(heard)}; ticket ${told.id} recorded → console shows it waiting ${raised - createdAt} ms; ` +
        `the customer reads the ticket's number → console ${raised - told.at} ms (negative: the console was first)`,
    );
    // Sam had the console open, so the agent says someone can come (and promises no more than that).
    await until('the agent says someone can join', async () => (await texts(w.agentBubbles)).some((t) => t.includes(`ticket ${told.id}`) && /can join this call\./.test(t)), 30_000);
    const reply = (await texts(w.agentBubbles)).find((t) => t.includes(`ticket ${told.id}`));
    assert.match(reply, /I have recorded ticket \d+ for your request to speak with a person\. A member of our team who is working now has been alerted and can join this call\./);

    // 3. Sam joins from the alert at once, while the agent is still talking. The voice the customer's page plays so
    // far is the agent's.
    const agentTracks = new Set((await voiceLevels(customer, CUSTOMER_VOICES, 50)).map((v) => v.track));
    assert.equal(agentTracks.size, 1, 'the agent’s voice plays in the customer’s page');
    const clicked = Date.now();
    await waiting.getByRole('button', { name: /Join call/ }).click();
    const [, noticeAfter] = await Promise.all([
      staff.getByRole('heading', { name: /In call/ }).waitFor({ timeout: 15_000 }),
      until('the customer reads that Sam joined', async () => (await texts(w.logNotices)).includes('Sam from our team joined the call.') && Date.now() - clicked, 15_000),
    ]);
    // The agent stops mid-reply (measured from here: a pause between its sentences is no proof).
    const silentAfter = await until('the agent stops talking', async () => {
      const agent = (await voiceLevels(customer, CUSTOMER_VOICES, 250)).filter((l) => agentTracks.has(l.track));
      return loudest(agent) < SILENT_DBFS && Date.now() - clicked;
    }, 15_000);
    const cut = (await texts(w.agentBubbles)).find((t) => t.includes(`ticket ${told.id}`));
    // Where the call stands, from the agent's note: the ticket the caller was told about.
    await staff.getByText(`Told the caller: ticket ${told.id} (human request) is recorded.`).waitFor({ timeout: 10_000 });
    // Sam's voice reaches the customer: the new voice in the page (the agent's stays silent).
    const customerHears = await until('the customer hears Sam', async () => {
      const levels = await voiceLevels(customer, CUSTOMER_VOICES, 500);
      const sam = levels.filter((l) => !agentTracks.has(l.track));
      return sam.length > 0 && loudest(sam) > VOICE_DBFS ? { sam: loudest(sam), agent: loudest(levels.filter((l) => agentTracks.has(l.track))) } : undefined;
    }, 20_000);
    const customerHeardAfter = Date.now() - clicked;
    // The customer asks once more, now for Sam to hear.
    const agentReplies = await w.agentBubbles.count();
    const heardBefore = (await transcripts(customer)).length;
    const spokeAt = await unmuteInPause(customer);
    const staffHears = await until('Sam hears the customer', async () => {
      const levels = await voiceLevels(staff, CONSOLE_VOICES, 500);
      return loudest(levels) > VOICE_DBFS ? levels : undefined;
    }, 20_000);
    const staffHeardAfter = Date.now() - spokeAt;
    console.log(
      `# join: the agent falls silent ${silentAfter} ms after Join (its reply stops at "…${cut.slice(-40)}"); ` +
        `the customer reads that Sam joined ${noticeAfter} ms after Join and hears Sam ${customerHeardAfter} ms after ` +
        `(Sam ${dbfs(customerHears.sam)} dBFS, the agent ${dbfs(customerHears.agent)} dBFS); Sam hears the customer ` +
        `${staffHeardAfter} ms after they began a phrase, ${Date.now() - clicked} ms after Join ` +
        `(${staffHears.map((l) => `${dbfs(l.peakDbfs)} dBFS`).join(', ')})`,
    );

    // 4. While Sam is in, the agent answers nothing and says nothing, and the customer's words are still written.
    await send(customer, 'what plans do you have');
    const quiet = await voiceLevels(customer, CUSTOMER_VOICES, 6_000);
    const agentLevel = loudest(quiet.filter((l) => agentTracks.has(l.track)));
    const replies = await texts(w.agentBubbles);
    assert.equal(replies.length, agentReplies, `no reply while Sam is in: ${JSON.stringify(replies.slice(agentReplies))}`);
    assert.ok(agentLevel < SILENT_DBFS, `the agent's voice is silent while Sam is in (${dbfs(agentLevel)} dBFS)`);
    assert.ok((await texts(w.customerBubbles)).includes('what plans do you have'));
    const spoken = await until('what the customer says is still transcribed', async () => {
      const lines = await transcripts(customer);
      return lines.length > heardBefore ? lines.slice(heardBefore) : undefined;
    }, 10_000);
    // Quiet again, in the pause after the phrase (whatever the recognizer made of it), so the agent hears no more.
    await customer.evaluate(() => document.querySelector('call-center-widget').setMuted(true));
    assert.ok((await texts(w.customerBubbles)).includes(spoken[0].trim()), JSON.stringify(spoken));
    // Sam reads both in the console's live transcript, and the call is listed as with a member of staff.
    const live = staff.getByRole('list', { name: 'Live transcript' });
    await live.getByText('what plans do you have').waitFor({ timeout: 10_000 });
    await until('Sam reads what the customer said', async () => (await live.textContent()).includes(spoken[0].trim()), 10_000);
    await staff.getByRole('row').filter({ hasText: room }).getByText('With a member of staff').waitFor({ timeout: 10_000 });
    // Joining answered the request: it left the top of the console, closed in Sam's name.
    assert.equal(await waiting.count(), 0);
    const answered = await (await fetch(`${server.url}/api/admin/tickets/${told.id}`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } })).json();
    assert.equal(answered.closed_by, 'Sam');
    console.log(`# while Sam is in: transcribed ${JSON.stringify(spoken)}, no reply in 6 s, the agent's voice peaked at ${dbfs(agentLevel)} dBFS`);

    // 5. Sam leaves; the customer is told, and the agent answers again.
    await staff.getByRole('button', { name: 'Leave call' }).click();
    await until('the customer reads that Sam left', async () => (await texts(w.logNotices)).includes('Sam left the call.'), 15_000);
    assert.equal(await staff.evaluate(() => document.querySelector('ccw-console').shadowRoot.querySelectorAll('audio').length), 0);
    const before = await w.agentBubbles.count();
    const asked = Date.now();
    await send(customer, 'what plans do you have');
    // Its voice is listened for from the start (the reply's text is written as it is spoken).
    let began;
    const [answer, voiceBack] = await Promise.all([
      until('the agent answers again', async () => {
        const replies = (await texts(w.agentBubbles)).slice(before);
        if (replies.length > 0) began ??= Date.now() - asked;
        return replies.find((t) => /We offer three plans/.test(t));
      }, 40_000),
      until('the agent’s voice plays again', async () => {
        const level = loudest(await voiceLevels(customer, CUSTOMER_VOICES, 1_000));
        return level > VOICE_DBFS && level;
      }, 40_000),
    ]);
    console.log(`# after Sam left: the agent's reply began ${began} ms after the customer typed ("${answer.slice(0, 40)}…"), voice ${dbfs(voiceBack)} dBFS`);

    assert.deepEqual(withoutCloseNoise(customer.problems), []);
    assert.deepEqual(withoutCloseNoise(staff.problems), []);
  });
});
