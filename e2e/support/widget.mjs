// The widget as a customer sees it, through Playwright's CSS locators (they pierce its open shadow root), found
// by the element's documented ::part names (README, "Parts"), never by private class names; and what
// ./instrument.mjs recorded in the page.

/** Locators for one widget on the page (`tag`: its element name). */
export function widget(page, tag = 'call-center-widget') {
  const $ = (selector) => page.locator(`${tag} ${selector}`);
  return {
    host: page.locator(tag),
    launcher: $('[part="launcher"]'),
    panel: $('[part="panel"]'),
    title: $('[part="title"]'),
    persona: $('[part="persona"]'),
    status: $('[part="status"]'),
    duration: $('[part="duration"]'),
    input: $('[part="input"]'),
    sendButton: $('[part="send-button"]'),
    callButton: $('[part="call-button"]'),
    notice: $('[part="notice"]'),
    customerBubbles: $('[part~="message"][part~="customer"]'),
    failedBubbles: $('[part~="message"][part~="failed"]'),
    notSent: $('[part="not-sent"]'),
    // Replies, not the greeting the panel opens with.
    agentBubbles: $('[part~="message"][part~="agent"]:not([part~="greeting"])'),
    greeting: $('[part~="greeting"]'),
    suggestions: $('[part="suggestion"]'),
    logNotices: $('[part~="message"][part~="notice"]'),
    pending: $('[part~="message"][part~="pending"]'),
  };
}

/** Opens the panel with the launcher, as a customer does, and waits for its regions (the lazy call module). */
export async function openPanel(page, tag) {
  const w = widget(page, tag);
  await w.launcher.click();
  await w.input.waitFor({ state: 'visible', timeout: 10_000 });
  return w;
}

/** Types a message and presses Enter. */
export async function send(page, text, tag) {
  const w = widget(page, tag);
  await w.input.fill(text);
  await w.input.press('Enter');
}

/**
 * Waits until a finished agent bubble (not typing, not streaming) matches `pattern`, and nothing is still
 * streaming; returns its text. A transfer answers in two bubbles ("Let me transfer you…", then the new persona),
 * so waiting for "the next reply" by count would race between them.
 */
export async function replyMatching(page, pattern, { tag, timeout = 20_000 } = {}) {
  const w = widget(page, tag);
  const deadline = Date.now() + timeout;
  for (;;) {
    const texts = (await w.agentBubbles.allTextContents()).map((t) => t.trim());
    const found = texts.findLast((t) => pattern.test(t));
    if (found !== undefined && (await w.pending.count()) === 0) return found;
    if (Date.now() > deadline) throw new Error(`no finished agent reply matching ${pattern} within ${timeout} ms; replies: ${JSON.stringify(texts)}`);
    await page.waitForTimeout(100);
  }
}

/** The ccw-* events recorded so far, optionally of one type. */
export function events(page, type) {
  return page.evaluate((t) => window.__ccw.events.filter((e) => !t || e.type === t), type);
}

/** Waits until an event of `type` whose detail includes `match` (shallow) has been recorded; returns it. */
export async function waitForEvent(page, type, match = {}, timeout = 20_000) {
  const handle = await page.waitForFunction(
    ([t, m]) => window.__ccw.events.find((e) => e.type === t && Object.entries(m).every(([k, v]) => e.detail && e.detail[k] === v)),
    [type, match],
    { timeout, polling: 50 },
  );
  return handle.jsonValue();
}

/** getUserMedia calls, their errors, and whether every track handed out has been stopped. */
export function microphoneUse(page) {
  return page.evaluate(() => ({
    calls: window.__ccw.gum.calls,
    errors: window.__ccw.gum.errors,
    liveTracks: window.__ccw.gum.streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
  }));
}

/** The audio buffers the page started: duration, peak, and how long the audio clock ran while each sounded. */
export function audioPlayed(page) {
  return page.evaluate(() => window.__ccw.audio.map((a) => ({ ...a, played: a.endedAt === null ? null : a.endedAt - a.startsAt })));
}

/** Waits until one buffer of real sound (peak above silence) has played to its end; returns it. */
export async function waitForSoundPlayed(page, timeout = 30_000) {
  const handle = await page.waitForFunction(
    () => window.__ccw.audio.find((a) => a.peak > 0.05 && a.endedAt !== null && a.endedAt - a.startsAt >= a.duration - 0.05 && a.duration > 0.3),
    undefined,
    { timeout, polling: 100 },
  );
  return handle.jsonValue();
}

/** The notice line's text, whitespace collapsed. */
export async function noticeText(page, tag) {
  return ((await widget(page, tag).notice.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The LiveKit audio the widget plays (its hidden `data-ccw-remote-audio` elements): how many, whether they play,
 * and the loudness of what they carry over `ms`, measured with an AnalyserNode (dBFS of the loudest 100 ms).
 */
export function remoteAudio(page, ms = 1500, tag = 'call-center-widget') {
  return page.evaluate(
    async ([t, duration]) => {
      const root = document.querySelector(t).shadowRoot;
      const elements = [...root.querySelectorAll('[data-ccw-remote-audio]')];
      const playing = elements.filter((el) => !el.paused && el.srcObject && el.srcObject.getAudioTracks().some((tr) => tr.readyState === 'live'));
      if (!playing.length) return { elements: elements.length, playing: 0, peakDbfs: -Infinity };
      const context = new AudioContext();
      await context.resume();
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      for (const el of playing) context.createMediaStreamSource(el.srcObject).connect(analyser);
      const data = new Float32Array(analyser.fftSize);
      let peak = 0;
      const until = performance.now() + duration;
      while (performance.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        analyser.getFloatTimeDomainData(data);
        let sum = 0;
        for (const v of data) sum += v * v;
        peak = Math.max(peak, Math.sqrt(sum / data.length));
      }
      await context.close();
      return { elements: elements.length, playing: playing.length, peakDbfs: peak === 0 ? -Infinity : 20 * Math.log10(peak) };
    },
    [tag, ms],
  );
}
