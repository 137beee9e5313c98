/**
 * The import rules `npm test` holds the code to (dependency-cruiser, `npm run check:imports`). Two runs: this
 * config reads the sources as written (type imports included, parsed with swc); `.dependency-cruiser.runtime.cjs`
 * reads them as compiled (babel strips type-only imports) for the rule about what reaches a browser.
 */
const SERVER_BELOW_HTTP = '^server/src/(providers|stores|livekit|services|audio|text|agent)/';

/** What both runs share (the runtime config reads them from here): builds left out, packages resolved through their exports. */
const SHARED_OPTIONS = {
  doNotFollow: { path: 'node_modules' },
  exclude: { path: '^(dist|widget/dist|server/dist)/' },
  enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types'] },
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'protocol-imports-only-zod',
      comment: 'The wire contract depends on zod alone: no lit, hono, node: or DOM code, so both halves can take it.',
      severity: 'error',
      from: { path: '^protocol/src/' },
      to: { pathNot: ['^protocol/src/', '^node_modules/zod/'] },
    },
    {
      name: 'widget-never-imports-server',
      comment: 'The widget and the server meet only in the protocol.',
      severity: 'error',
      from: { path: '^widget/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-never-imports-widget',
      comment: 'The widget and the server meet only in the protocol (the server serves the widget package\'s files, it does not import them).',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^widget/' },
    },
    {
      name: 'no-route-module-imports-another',
      comment: 'Shared request handling lives in server/src/http/; a route module never reaches into another.',
      severity: 'error',
      from: { path: '^server/src/routes/([^/]+)\\.ts$' },
      to: { path: '^server/src/routes/', pathNot: '^server/src/routes/$1\\.ts$' },
    },
    {
      name: 'no-hono-below-http',
      comment: 'Providers, stores, services and the LiveKit module do not know the web framework, not even through another module.',
      severity: 'error',
      from: { path: SERVER_BELOW_HTTP },
      to: { path: '^node_modules/(hono|@hono)/', reachable: true },
    },
    {
      name: 'agent-reaches-only-the-core',
      comment:
        'The agent worker (server/src/agent) runs the same conversation core as the HTTP routes (services, providers, ' +
        'stores, the LiveKit module and what they use), never the HTTP side: no routes, middleware, app or its entry.',
      severity: 'error',
      from: { path: '^server/src/agent/' },
      to: { path: '^server/src/', pathNot: ['^server/src/(agent|services|providers|stores|livekit|audio|text)/', '^server/src/(config|errors)\\.ts$'] },
    },
    {
      name: 'only-the-agent-runs-the-agents-framework',
      comment:
        'LiveKit\'s Agents framework (and its native VAD) is the worker\'s alone: the HTTP server never loads it, and no ' +
        'module outside server/src/agent imports the agent.',
      severity: 'error',
      from: { path: '^(server|protocol|widget)/', pathNot: '^server/src/agent/' },
      to: { path: ['^node_modules/@livekit/agents', '^server/src/agent/'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: { path: '^(protocol|widget|server)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    ...SHARED_OPTIONS,
    parser: 'swc',
    tsPreCompilationDeps: true,
  },
};
