/**
 * The rule about what runs in a customer's browser, checked on the code as compiled: babel strips type-only
 * imports, so any import of the protocol still there would ship zod to every site that embeds the widget.
 */
const { doNotFollow, exclude, enhancedResolveOptions } = require('./.dependency-cruiser.cjs').options;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'widget-takes-only-types-from-protocol',
      comment: 'The widget imports the wire contract with `import type` only: no schema code reaches the script tag.',
      severity: 'error',
      from: { path: '^widget/src/' },
      to: { path: '^(protocol/|node_modules/zod/)' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make the order of evaluation matter; none in our code (type-only imports run nothing).',
      severity: 'error',
      from: { path: '^(protocol|widget|server)/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow,
    exclude,
    enhancedResolveOptions,
    tsPreCompilationDeps: false,
    babelConfig: { fileName: 'scripts/babel-typescript.json' },
  },
};
