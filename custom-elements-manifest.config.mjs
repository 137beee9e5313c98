// @custom-elements-manifest/analyzer settings; scripts/docs.mjs runs it and copies the result to the repo root.
export default {
  globs: ['widget/src/call-center-widget.ts', 'widget/src/events/*.ts'],
  outdir: 'dist/cem',
  litelement: true,
  // package.json already names custom-elements.json; the analyzer would rewrite it with its outdir.
  packagejson: false,
};
