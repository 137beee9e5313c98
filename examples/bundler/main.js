// What an app built with a bundler writes. With a bundler the import is simply
//   import { defineCallCenterWidget } from 'call-center-widget';
// and the bundler resolves it, Lit and livekit-client from node_modules. This page has no bundler, so it imports
// the ESM build from the server and bundler.html's import map resolves the bare names.
import { defineCallCenterWidget } from '/widget/esm/call-center-widget.js';

// Importing the module already defined <call-center-widget>; the same element also under the app's own tag:
defineCallCenterWidget('acme-support');

const widget = document.querySelector('acme-support');
const log = document.getElementById('events');
const lines = [];

const EVENTS = ['ccw-open', 'ccw-close', 'ccw-call-start', 'ccw-call-end', 'ccw-state', 'ccw-transcript', 'ccw-message', 'ccw-transfer', 'ccw-error'];
for (const type of EVENTS) {
  document.addEventListener(type, (event) => {
    lines.push(`${type} ${JSON.stringify(event.detail)}`);
    log.textContent = lines.slice(-12).join('\n');
  });
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-call]') : null;
  if (!button) return;
  const method = button.getAttribute('data-call');
  // Called inside the click, so startCall() can ask for the microphone and audio may play.
  const result = method === 'sendMessage' ? widget.sendMessage('What plans do you have?') : widget[method]();
  Promise.resolve(result).catch((err) => lines.push(`${method} failed: ${err}`));
});
