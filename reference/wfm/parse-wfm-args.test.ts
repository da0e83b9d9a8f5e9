import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWfmArgs } from './parse-wfm-args.js';

const dir = mkdtempSync(join(tmpdir(), 'wfm-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const name of ['cert.pem', 'key.pem', 'ca.pem']) writeFileSync(join(dir, name), `${name}\n`);
const files = ['--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'), '--ca', join(dir, 'ca.pem')];

describe('parseWfmArgs --keep-alive', () => {
  it.each([
    ['leaves Node\'s default without a setting', [], {}, undefined],
    ['reads the flag in seconds', ['--keep-alive', '30'], {}, 30],
    ['reads MARGO_KEEP_ALIVE', [], { MARGO_KEEP_ALIVE: '600' }, 600],
    ['lets the flag win over the environment', ['--keep-alive', '45'], { MARGO_KEEP_ALIVE: '600' }, 45],
  ] as const)('%s', (_, argv, env, expected) => {
    expect(parseWfmArgs([...files, ...argv], env).keepAliveSeconds).toBe(expected);
  });

  it.each(['0', '1.5', 'soon'])('refuses %j with one line naming the flag', (value) => {
    expect(() => parseWfmArgs([...files, '--keep-alive', value], {})).toThrow(`--keep-alive "${value}" is not a whole number of seconds.`);
  });
});
