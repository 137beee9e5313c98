// Offline speech recognition as a benchmark: the held-out sentences of bench/recognition-heldout.json (none of
// them in the language model's corpus) spoken by every installed synthetic voice, recognized BEFORE (the
// grammar-only recognizer and persona engine of commit 71a91d1, extracted with `git archive`) and AFTER (the
// current ones), each transcript run through its persona engine. Reports word error rate per voice and
// overall, refusals, and how many reached the right intent and persona. Skips with one line when the voices
// or pocketsphinx are missing; BENCH_RECOGNITION=0 skips it on purpose.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { nodeBundle } from '../scripts/node-bundle.mjs';
import { installedVoices, spokenWav, VOICE_PACKAGES } from './recognition-audio.mjs';
import { canonicalWords, editDistance } from './recognition-score.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The last commit with the grammar-only recognizer. */
export const BEFORE_COMMIT = '71a91d1';
const MIN_VOICES = 4;

/** Why the benchmark cannot run here, as one line, or undefined. */
export function recognitionSkipReason() {
  if (process.env.BENCH_RECOGNITION === '0') return 'offline recognition skipped (BENCH_RECOGNITION=0)';
  const missing = ['pocketsphinx_continuous', 'sox', 'git'].filter((p) => spawnSync('sh', ['-c', `command -v ${p}`]).status !== 0);
  const voices = installedVoices();
  if (missing.length > 0 || voices.length < MIN_VOICES) {
    return `offline recognition skipped: needs pocketsphinx and at least ${MIN_VOICES} synthetic voices (found ${voices.length}); apt-get install pocketsphinx pocketsphinx-en-us ${VOICE_PACKAGES}`;
  }
  return undefined;
}

/** Bundles the two recognizers and persona engines (before from git, after from the work tree) and loads them. */
async function loadEngines(dir) {
  execFileSync('sh', ['-c', `git -C "${root}" archive ${BEFORE_COMMIT} server/src | tar -x -C "${dir}"`]);
  const before = join(dir, 'server/src/providers/local');
  const after = join(root, 'server/src/providers/local');
  const contents = `
    export { PocketsphinxStt as BeforeStt } from '${before}/pocketsphinx-stt.ts';
    export { customerPhrases as beforePhrases, respond as beforeRespond } from '${before}/persona-engine.ts';
    export { PocketsphinxStt as AfterStt } from '${after}/pocketsphinx-stt.ts';
    export { customerPhrases as afterPhrases, speechCorpus, respond as afterRespond } from '${after}/persona-engine.ts';
  `;
  // Beside the other bench bundles, where the server's npm dependencies resolve.
  const outfile = join(root, 'server/.build/bench-recognition.mjs');
  await build({ ...nodeBundle, stdin: { contents, resolveDir: root, loader: 'js' }, outfile });
  return import(pathToFileURL(outfile).href);
}

/** Whether a transcript (or a refusal) got the customer what the sentence asked for. */
function understood(sentence, text, respond) {
  if (text === undefined) return Boolean(sentence.offDomain);
  const turn = respond({ persona: 'reception', language: 'en', history: [], memory: {}, message: text });
  const u = turn.understanding;
  return (
    sentence.intents.includes(u.intent) &&
    turn.persona === sentence.persona &&
    (!sentence.order || u.orderNumber === sentence.order) &&
    (!sentence.name || (u.name ?? '').startsWith(sentence.name))
  );
}

/** Recognizes every recording with one recognizer, two at a time as a server would, timing each one. */
async function runAll(stt, jobs, respond, onProgress, label) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index];
      const started = performance.now();
      let text;
      try {
        text = (await stt.transcribe({ data: readFileSync(job.wav), mimeType: 'audio/wav' }, { language: 'en' })).text;
      } catch (error) {
        if (error?.code !== 'not_understood') throw error;
      }
      const ms = performance.now() - started;
      if ((index + 1) % 50 === 0) onProgress(`recognition ${label}: ${index + 1}/${jobs.length}`);
      const reference = canonicalWords(job.sentence.text);
      const errors = editDistance(reference, text === undefined ? [] : canonicalWords(text));
      results[index] = { voice: job.voice, text: job.sentence.text, heard: text ?? null, ms: Math.round(ms), words: reference.length, errors, right: understood(job.sentence, text, respond) };
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/** Per voice and overall: WER (a refusal counts as an empty transcript), WER of accepted ones, refusals, right. */
function summarize(samples) {
  const groups = new Map([['overall', samples]]);
  for (const s of samples) groups.set(s.voice, [...(groups.get(s.voice) ?? []), s]);
  const out = {};
  for (const [name, list] of groups) {
    const accepted = list.filter((s) => s.heard !== null);
    const sum = (items, key) => items.reduce((total, s) => total + s[key], 0);
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    out[name] = {
      utterances: list.length,
      wer: Math.round((1000 * sum(list, 'errors')) / sum(list, 'words')) / 10,
      acceptedWer: accepted.length ? Math.round((1000 * sum(accepted, 'errors')) / sum(accepted, 'words')) / 10 : null,
      refused: list.length - accepted.length,
      right: list.filter((s) => s.right).length,
      medianMs: Math.round(ms[Math.floor(ms.length / 2)]),
    };
  }
  return out;
}

/** Runs the benchmark, or returns `{ skipped }` with the reason. `quick` uses two voices. */
export async function benchRecognition({ quick = false, onProgress = () => {} } = {}) {
  const skipped = recognitionSkipReason();
  if (skipped) return { skipped };
  const heldOut = JSON.parse(readFileSync(join(root, 'bench/recognition-heldout.json'), 'utf8')).sentences;
  const voices = installedVoices().slice(0, quick ? 2 : undefined);
  onProgress(`recognition: speaking ${heldOut.length} sentences with ${voices.length} voices`);
  const jobs = voices.flatMap((voice) => heldOut.map((sentence) => ({ voice: voice.name, sentence, wav: spokenWav(voice, sentence.text) })));

  const dir = mkdtempSync(join(tmpdir(), 'ccw-bench-recognition-'));
  try {
    const engines = await loadEngines(dir);
    const modelDir = '/usr/share/pocketsphinx/model/en-us';
    const beforeStt = new engines.BeforeStt({ binaryPath: 'pocketsphinx_continuous', modelDir, phrases: engines.beforePhrases() });
    const afterStt = new engines.AfterStt({ binaryPath: 'pocketsphinx_continuous', modelDir, corpus: engines.speechCorpus(), phrases: engines.afterPhrases() });
    const initStarted = performance.now();
    await afterStt.init();
    const afterInitMs = Math.round(performance.now() - initStarted);
    await beforeStt.init();
    const before = await runAll(beforeStt, jobs, engines.beforeRespond, onProgress, 'before');
    const after = await runAll(afterStt, jobs, engines.afterRespond, onProgress, 'after');
    const model = afterStt.model;
    await Promise.all([beforeStt.close(), afterStt.close()]);
    return {
      beforeCommit: BEFORE_COMMIT,
      sentences: heldOut.length,
      offDomain: heldOut.filter((s) => s.offDomain).length,
      voices: voices.map((v) => v.name),
      afterInitMs,
      model: model && { vocabularySize: model.vocabularySize, ngramCounts: model.ngramCounts },
      before: summarize(before),
      after: summarize(after),
      samples: { before, after },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows of the summary as plain text lines (for the standalone run). */
export function recognitionLines(r) {
  if (r.skipped) return [r.skipped];
  const lines = [`offline recognition: ${r.sentences} held-out sentences × ${r.voices.length} voices; before = ${r.beforeCommit} (grammar), after = language model`];
  for (const name of Object.keys(r.after)) {
    const b = r.before[name];
    const a = r.after[name];
    lines.push(`${name.padEnd(22)} WER ${String(b.wer).padStart(5)}% -> ${String(a.wer).padStart(5)}% (shown ${b.acceptedWer ?? '-'}% -> ${a.acceptedWer ?? '-'}%)  refused ${String(b.refused).padStart(3)} -> ${String(a.refused).padStart(3)}  right ${String(b.right).padStart(3)} -> ${String(a.right).padStart(3)} of ${a.utterances}  median ${b.medianMs} -> ${a.medianMs} ms`);
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchRecognition({ quick: process.argv.includes('--quick'), onProgress: (m) => process.stderr.write(`${m}\n`) });
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${recognitionLines(result).join('\n')}\n`);
}
