import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

const source = readFileSync(new URL('../src/config.ts', import.meta.url), 'utf8');
const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');

describe('.env.example', () => {
  it('documents every variable the server reads, and no other', () => {
    const read = new Set([...source.matchAll(/(?:read\.\w+|providerChoice)\('([A-Z0-9_]+)'/g)].map((m) => m[1]));
    const documented = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect([...documented].sort()).toEqual([...read].sort());
  });

  it('holds values the server accepts as they stand', () => {
    const env = Object.fromEntries([...example.matchAll(/^([A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(() => loadConfig(env)).not.toThrow();
  });
});
