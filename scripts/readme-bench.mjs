// Puts bench/README-performance.md (what `npm run bench` last measured) into README.md between its bench markers,
// so the README's Performance section is the benchmark's own output. `npm run bench` runs this at its end.
//   node scripts/readme-bench.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const START = /<!-- bench:start[^>]*-->/;
const END = '<!-- bench:end -->';

/** Replaces README.md's bench block with the one in bench/README-performance.md. */
export function updateReadme() {
  const section = readFileSync(`${root}bench/README-performance.md`, 'utf8');
  const block = section.slice(section.search(START), section.indexOf(END) + END.length);
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const from = readme.search(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from || block.length < END.length) throw new Error('README.md or bench/README-performance.md lacks the bench markers');
  writeFileSync(`${root}README.md`, readme.slice(0, from) + block + readme.slice(to + END.length));
}

if (import.meta.url === `file://${process.argv[1]}`) updateReadme();
