import type { BuildOptions } from 'esbuild';

/** esbuild options shared by every Node bundle; add `entryPoints` and `outfile`. */
export const nodeBundle: BuildOptions;
