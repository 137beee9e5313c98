#!/usr/bin/env node
// `npx call-center-server`: runs the server from the installed package, configured by the environment (see
// .env.example beside this folder). `npx call-center-server agent` runs an AI agent worker instead: it registers
// with the LiveKit server of LIVEKIT_URL and answers the calls LiveKit dispatches to it (every call, unless
// LIVEKIT_AGENT=off on the server); start as many as the calls need, on any machines. In the repository,
// `npm start` builds the package and runs this.
import { existsSync } from 'node:fs';

const command = process.argv[2];
if (command !== undefined && command !== 'agent') {
  console.error(`call-center-server: unknown command "${command}"; run \`call-center-server\` for the server or \`call-center-server agent\` for an agent worker.`);
  process.exit(1);
}
const entry = new URL(command === 'agent' ? '../dist/agent.js' : '../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error(`call-center-server: dist/${command === 'agent' ? 'agent' : 'main'}.js is missing; in the repository, run \`npm run build:server\` (or \`npm start\`).`);
  process.exit(1);
}
const module = await import(entry.href);
// The agent module only starts a worker when asked: the framework's job processes import the same file.
if (command === 'agent') await module.main();
