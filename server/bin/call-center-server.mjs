#!/usr/bin/env node
// `npx call-center-server`: runs the server from the installed package, configured by the environment (see
// .env.example beside this folder). `npx call-center-server agent` runs an AI agent worker instead: it registers
// with the LiveKit server of LIVEKIT_URL and answers the calls LiveKit dispatches to it (every call, unless
// LIVEKIT_AGENT=off on the server); start as many as the calls need, on any machines. `npx call-center-server
// staff add NAME` (remove NAME, list) manages the staff who sign in to the console. In the repository,
// `npm start` builds the package and runs this.
import { existsSync } from 'node:fs';

const command = process.argv[2];
const ENTRIES = { undefined: 'main', agent: 'agent', staff: 'staff' };
const name = Object.hasOwn(ENTRIES, String(command)) ? ENTRIES[String(command)] : undefined;
if (name === undefined) {
  console.error(`call-center-server: unknown command "${command}"; run \`call-center-server\` for the server, \`call-center-server agent\` for an agent worker, or \`call-center-server staff add NAME\` for staff accounts.`);
  process.exit(1);
}
const entry = new URL(`../dist/${name}.js`, import.meta.url);
if (!existsSync(entry)) {
  console.error(`call-center-server: dist/${name}.js is missing; in the repository, run \`npm run build:server\` (or \`npm start\`).`);
  process.exit(1);
}
const module = await import(entry.href);
// The agent module only starts a worker when asked: the framework's job processes import the same file.
if (command === 'agent') await module.main();
if (command === 'staff') process.exitCode = await module.main(process.argv.slice(3));
