/**
 * The project rule for tests that run the real offline engines: skip with one line naming what to install
 * when something is missing, except under CI=true, where CI installs them and a missing one is a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A program or file a test needs, and the Debian package that brings it. */
export type Need = { readonly program: string; readonly apt: string } | { readonly file: string; readonly apt: string };

/** Debian's English recognizer: pocketsphinx and its US English model. */
export const RECOGNIZER: readonly Need[] = [
  { program: 'pocketsphinx_continuous', apt: 'pocketsphinx' },
  { file: '/usr/share/pocketsphinx/model/en-us/en-us/mdef', apt: 'pocketsphinx-en-us' },
  { file: '/usr/share/pocketsphinx/model/en-us/en-us.lm.bin', apt: 'pocketsphinx-en-us' },
];

/** One line naming what is missing and how to install it, or undefined when everything is there. */
export function missingEngines(needs: readonly Need[]): string | undefined {
  const missing = needs.filter((need) =>
    'program' in need ? spawnSync('sh', ['-c', `command -v ${need.program}`]).status !== 0 : !existsSync(need.file),
  );
  if (missing.length === 0) return undefined;
  const names = missing.map((need) => ('program' in need ? need.program : need.file)).join(', ');
  return `${names} missing: apt-get install ${[...new Set(missing.map((need) => need.apt))].join(' ')}`;
}

/** For `describe.skipIf`: true (after printing why) when something is missing; throws instead under CI=true. */
export function skipWithoutEngines(suite: string, needs: readonly Need[]): boolean {
  const missing = missingEngines(needs);
  if (!missing) return false;
  if (process.env.CI === 'true') throw new Error(`${suite}: ${missing}`);
  console.log(`skipped ${suite}: ${missing}`);
  return true;
}
