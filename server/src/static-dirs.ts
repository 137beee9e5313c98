/**
 * Where the static routes' folders are. The widget build comes from the installed `call-center-widget` package
 * (a dependency of this one: the server always serves the widget of its own version); the demo site is copied
 * into this package's `dist/examples` by its build, the staff console into `dist/console`; the bundler example's
 * import map points at Lit's packages.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StaticRoutesOptions } from './routes/static.ts';

/** The packages the bundler example's import map points at (the ESM build keeps Lit external). */
export const VENDOR_PACKAGES = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'] as const;

/** The folders for a server bundled into `<package>/dist/main.js` (`moduleUrl`: that file's URL). */
export function packagedStaticDirs(moduleUrl: string): StaticRoutesOptions {
  const dist = dirname(fileURLToPath(moduleUrl));
  return staticDirs({ examplesDir: join(dist, 'examples'), consoleDir: join(dist, 'console'), from: moduleUrl });
}

/** The widget build and vendor packages as resolved from `from`, and the demo site in `examplesDir`. */
export function staticDirs(options: { examplesDir: string; consoleDir?: string; from: string }): StaticRoutesOptions {
  const widgetDir = widgetBuildDir(options.from);
  const vendorDirs: Record<string, string> = {};
  for (const name of VENDOR_PACKAGES) {
    const dir = findPackage(widgetDir ? dirname(widgetDir) : dirname(fileURLToPath(options.from)), name);
    if (dir) vendorDirs[name] = dir;
  }
  // With no widget package the widget routes answer 503 widget_not_built, saying how to build it.
  return {
    widgetDir: widgetDir ?? join(dirname(fileURLToPath(options.from)), 'widget-missing'),
    examplesDir: options.examplesDir,
    vendorDirs,
    ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
  };
}

/** `dist/` of the installed call-center-widget package, or undefined when it is not installed. */
function widgetBuildDir(from: string): string | undefined {
  try {
    return join(dirname(createRequire(from).resolve('call-center-widget/package.json')), 'dist');
  } catch {
    return undefined;
  }
}

/** Node's lookup: `node_modules/<name>` in `from` or any folder above it (npm may hoist dependencies). */
function findPackage(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
