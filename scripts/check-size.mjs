// Checks the widget's weight budget on the built files: the script-tag build, all a visitor downloads before
// reaching for the bubble, stays within 15 KB gzip; livekit-client is not part of it, and no build has zod in it.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../widget/dist/', import.meta.url));
const BUDGET = 15 * 1024;
const gz = (file) => gzipSync(readFileSync(dir + file), { level: 9 }).length;
const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
for (const f of files) console.log(`${f.padEnd(28)} ${String(readFileSync(dir + f).length).padStart(8)} B  ${String(gz(f)).padStart(7)} B gzip`);

const main = readFileSync(dir + 'call-center-widget.js', 'utf8');
const problems = [];
if (gz('call-center-widget.js') > BUDGET) problems.push(`call-center-widget.js is ${gz('call-center-widget.js')} B gzip, over the ${BUDGET} B budget`);
// livekit-client's error messages survive minification; finding one means the library was bundled in.
const LIVEKIT_MARK = 'could not establish signal connection';
if (main.includes(LIVEKIT_MARK)) problems.push('call-center-widget.js contains livekit-client; it must stay in ccw-livekit.js');
if (!main.includes('ccw-session.js')) problems.push('call-center-widget.js no longer loads ccw-session.js by file name');
const session = readFileSync(dir + 'ccw-session.js', 'utf8');
if (session.includes(LIVEKIT_MARK) || !session.includes('ccw-livekit.js')) problems.push('ccw-session.js must load livekit-client from ccw-livekit.js, not contain it');
// The wire contract reaches the widget as types only: no byte of its schema library may ship to a browser.
for (const f of [...files, ...readdirSync(dir + 'esm').filter((f) => f.endsWith('.js')).map((f) => `esm/${f}`)]) {
  const text = readFileSync(dir + f, 'utf8');
  if (/\b_zod\b|ZodError|\$ZodType/.test(text)) problems.push(`${f} contains zod: the widget must import the protocol as types only (import type)`);
}
for (const p of problems) console.error(`size: ${p}`);
if (problems.length) process.exit(1);
console.log(`size: call-center-widget.js ${gz('call-center-widget.js')} B gzip, within the ${BUDGET} B budget`);
