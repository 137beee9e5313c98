/**
 * `call-center-server staff add NAME | remove NAME | list`: staff accounts from the machine the server runs on,
 * in the database under DATA_DIR (the same one the server reads; it may be running). The password comes from
 * STAFF_PASSWORD, or is asked for (twice, not echoed) on a terminal, or read as the first line of standard input.
 */
import { createInterface } from 'node:readline';
import { StaffName, StaffPassword } from '@call-center-widget/protocol';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../stores/database.ts';
import { StaffExistsError, StaffStore } from '../stores/staff-store.ts';

const USAGE = 'usage: call-center-server staff add NAME | staff remove NAME | staff list';

/** Runs one staff command; resolves to the process's exit code. */
export async function main(args: readonly string[], io: { env: NodeJS.ProcessEnv; stdin: NodeJS.ReadStream; out: (line: string) => void; err: (line: string) => void } = defaultIo()): Promise<number> {
  const [command, ...rest] = args;
  const rawName = rest.join(' ');
  const listing = command === 'list' && rest.length === 0;
  if (!listing && ((command !== 'add' && command !== 'remove') || rawName.trim() === '')) {
    io.err(USAGE);
    return 1;
  }
  let config;
  try {
    config = loadConfig(io.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) io.err(`config error: ${problem}`);
    return 1;
  }
  const db = openDatabase(config.data.dir);
  const staff = new StaffStore(db);
  try {
    if (listing) {
      const members = staff.list();
      if (members.length === 0) io.out('no staff yet: call-center-server staff add NAME');
      for (const m of members) io.out(`${m.name}\tadded ${m.createdAt}`);
      return 0;
    }
    const name = StaffName.safeParse(rawName);
    if (!name.success) {
      io.err(`staff: the name ${name.error.issues[0]?.message ?? 'is not valid'} (1 to 60 printable characters)`);
      return 1;
    }
    if (command === 'remove') {
      if (!staff.remove(name.data)) {
        io.err(`staff: there is no staff member named "${name.data}"`);
        return 1;
      }
      io.out(`staff: removed ${name.data}; their console sessions have ended`);
      return 0;
    }
    const password = io.env.STAFF_PASSWORD ?? (await askPassword(io.stdin, name.data, io.err));
    if (password === undefined) return 1;
    const valid = StaffPassword.safeParse(password);
    if (!valid.success) {
      io.err('staff: the password must be 10 to 200 characters');
      return 1;
    }
    const added = await staff.add(name.data, valid.data);
    io.out(`staff: added ${added.name}; they sign in at /console with this password`);
    return 0;
  } catch (err) {
    if (err instanceof StaffExistsError) {
      io.err(`staff: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}

/** Asks twice without echo on a terminal; reads one line otherwise. Undefined when the two do not match. */
async function askPassword(stdin: NodeJS.ReadStream, name: string, err: (line: string) => void): Promise<string | undefined> {
  if (!stdin.isTTY) {
    const rl = createInterface({ input: stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  const first = await hidden(stdin, `Password for ${name}: `);
  const second = await hidden(stdin, 'Again: ');
  if (first !== second) {
    err('staff: the two passwords differ; nothing was changed');
    return undefined;
  }
  return first;
}

/** One line from a terminal with echo off. */
function hidden(stdin: NodeJS.ReadStream, prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

function defaultIo() {
  return { env: process.env, stdin: process.stdin, out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
}
