// Runs in the page before any of its scripts (context.addInitScript): records what the tests observe without
// reaching into the widget's internals. window.__ccw holds:
//   events  every ccw-* event that reached the document: { type, detail, at } (at: performance.now())
//   gum     how often getUserMedia was called, and the streams it gave (to check they are released)
//   audio   every AudioBufferSourceNode started: its buffer's duration and peak, and the audio clock at start
//           and at `ended`, so a test can tell sound that really played to the end from sound that was cut
//   bubbles every distinct state (part names and text) of the agent's messages, sampled every 10 ms once a test calls
//           window.__ccwWatchBubbles(tag), to see a reply stream in
export const INSTRUMENT = `(() => {
  const state = { events: [], gum: { calls: 0, errors: [], streams: [] }, audio: [], bubbles: [] };
  Object.defineProperty(window, '__ccw', { value: state });

  window.__ccwWatchBubbles = (tag) => {
    const seen = new Set();
    setInterval(() => {
      const root = document.querySelector(tag) && document.querySelector(tag).shadowRoot;
      if (!root) return;
      for (const bubble of root.querySelectorAll('[part~="message"][part~="agent"]:not([part~="greeting"])')) {
        const part = bubble.getAttribute('part');
        const key = part + '|' + bubble.textContent.trim();
        if (seen.has(key)) continue;
        seen.add(key);
        state.bubbles.push({ part, text: bubble.textContent.trim(), at: performance.now() });
      }
    }, 10);
  };

  const TYPES = ['ccw-open', 'ccw-close', 'ccw-call-start', 'ccw-call-end', 'ccw-state', 'ccw-transcript',
    'ccw-message', 'ccw-transfer', 'ccw-latency', 'ccw-error', 'ccw-transport'];
  for (const type of TYPES) {
    document.addEventListener(type, (event) => {
      let detail;
      try { detail = JSON.parse(JSON.stringify(event.detail ?? null)); } catch { detail = String(event.detail); }
      state.events.push({ type, detail, at: performance.now() });
    });
  }

  const devices = navigator.mediaDevices;
  if (devices && devices.getUserMedia) {
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = function (constraints) {
      state.gum.calls++;
      return original(constraints).then(
        (stream) => { state.gum.streams.push(stream); return stream; },
        (err) => { state.gum.errors.push(err && err.name); throw err; },
      );
    };
  }

  const proto = window.AudioBufferSourceNode && AudioBufferSourceNode.prototype;
  if (proto) {
    const start = proto.start;
    proto.start = function (when, offset, duration) {
      const context = this.context;
      const buffer = this.buffer;
      let peak = 0;
      if (buffer) {
        const data = buffer.getChannelData(0);
        for (let i = 0; i < data.length; i += 8) peak = Math.max(peak, Math.abs(data[i]));
      }
      const record = {
        duration: buffer ? buffer.duration : 0,
        peak,
        startsAt: Math.max(when || 0, context.currentTime),
        endedAt: null,
      };
      state.audio.push(record);
      this.addEventListener('ended', () => { record.endedAt = context.currentTime; });
      return start.call(this, when, offset, duration);
    };
  }
})();`;
