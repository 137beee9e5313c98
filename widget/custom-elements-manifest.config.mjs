// @custom-elements-manifest/analyzer settings; scripts/docs.mjs runs it in this folder and keeps the result as
// this package's custom-elements.json (paths relative to the package, as the manifest's readers expect).
export default {
  globs: ['src/call-center-widget.ts', 'src/events/*.ts'],
  outdir: '../dist/cem',
  litelement: true,
  // package.json already names custom-elements.json; the analyzer would rewrite it with its outdir.
  packagejson: false,
};
