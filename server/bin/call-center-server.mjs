#!/usr/bin/env node
// `npx call-center-server`: runs the server from the installed package, configured by the environment (see
// .env.example beside this folder). In the repository, `npm start` builds the package and runs this.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('call-center-server: dist/main.js is missing; in the repository, run `npm run build:server` (or `npm start`).');
  process.exit(1);
}
await import(main.href);
