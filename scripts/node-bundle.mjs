// esbuild settings for the Node bundles (the server, the test server, the benchmark's server): npm packages
// stay external, installed beside the bundle, except the workspace's own protocol package, which is TypeScript
// source and goes into the bundle.
import { fileURLToPath } from 'node:url';

const protocolEntry = fileURLToPath(new URL('../protocol/src/index.ts', import.meta.url));

/** Keeps bare imports external, but bundles `@call-center-widget/protocol`. */
const externalPackages = {
  name: 'ccw-external-packages',
  setup(build) {
    build.onResolve({ filter: /^@call-center-widget\/protocol$/ }, () => ({ path: protocolEntry }));
    // Anything else not relative or absolute is a package (or a node: builtin).
    build.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** esbuild options shared by every Node bundle; add `entryPoints` and `outfile`. */
export const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [externalPackages],
  logLevel: 'warning',
};
