// Emits the widget's type declarations into dist/widget/types. TypeScript 7 keeps the sources' `.ts`
// specifiers in .d.ts files; consumers resolve `.js` specifiers to declarations everywhere, so rewrite them.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist/widget/types');
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'widget/tsconfig.build.json')], { stdio: 'inherit' });
let files = 0;
for (const entry of readdirSync(out, { recursive: true })) {
  const path = join(out, String(entry));
  if (!path.endsWith('.d.ts')) continue;
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2'));
  files += 1;
}
console.log(`types: ${files} declaration files in dist/widget/types`);
