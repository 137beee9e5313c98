/** Where the static routes' folders are, from the package root (main.ts and the test server both use this). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StaticRoutesOptions } from './routes/static.ts';

/** The packages the bundler example's import map points at (the ESM build keeps Lit external). */
export const VENDOR_PACKAGES = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'] as const;

/** The widget build, the demo site and the vendor packages of the package rooted at `packageRoot`. */
export function staticDirs(packageRoot: string): StaticRoutesOptions {
  const vendorDirs: Record<string, string> = {};
  for (const name of VENDOR_PACKAGES) {
    const dir = findPackage(packageRoot, name);
    if (dir) vendorDirs[name] = dir;
  }
  return { widgetDir: join(packageRoot, 'dist/widget'), examplesDir: join(packageRoot, 'examples'), vendorDirs };
}

/** Node's lookup: `node_modules/<name>` in the root or any folder above it (npm may hoist dependencies). */
function findPackage(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
