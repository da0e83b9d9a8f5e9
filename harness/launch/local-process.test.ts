import { statSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../core/identity/index.js';
import { createLocalProcessLauncher } from './local-process.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});

/** A stand-in SUT: a node one-liner under the launch contract. */
const node = (script: string) => [process.execPath, '-e', script];
const READY = `const e = process.env; console.log(JSON.stringify({ ready: true, url: 'https://127.0.0.1:' + e.MARGO_WFM_PORT, controlUrl: 'http://127.0.0.1:' + e.MARGO_CONTROL_PORT + '/control/v1', env: { edition: e.MARGO_EDITION, key: e.MARGO_TLS_KEY, faults: e.MARGO_FAULTS, td: e.MARGO_TRUST_DOMAIN } })); setInterval(() => {}, 1000);`;

describe('createLocalProcessLauncher', () => {
  it('starts the command with the launch-contract environment and cleans up on stop', async () => {
    const launcher = createLocalProcessLauncher({ command: node(READY), edition: 'preview-1', pki, faults: ['weak-etag'] });
    const sut = await launcher.start();
    const line = JSON.parse(sut.logs().trim().split('\n')[0] ?? '{}') as { env: { edition: string; key: string; faults: string; td: string } };
    const keyMode = statSync(line.env.key).mode & 0o777;
    await sut.stop();
    expect({ url: /^https:\/\/127\.0\.0\.1:\d+$/.test(sut.url), control: sut.controlUrl?.endsWith('/control/v1'), edition: line.env.edition, faults: line.env.faults, td: line.env.td, keyMode: keyMode.toString(8) })
      .toEqual({ url: true, control: true, edition: 'preview-1', faults: 'weak-etag', td: pki.trustDomain, keyMode: '600' });
    expect(existsSync(dirname(dirname(line.env.key)))).toBe(false);
  });

  const failures = [
    { name: 'says what it awaited and for how long when the SUT never gets ready', script: 'setInterval(() => {}, 1000)', expected: /not ready after 300 ms; awaited .*a \{"ready":true\} line on stdout or TLS on 127\.0\.0\.1:\d+/, readyTimeoutMs: 300 },
    { name: 'reports a SUT that exits before it is ready, with its output', script: 'console.error("no certificate"); process.exit(3)', expected: /exited \(code 3\) before it was ready.*\n.*no certificate/s, readyTimeoutMs: 15_000 },
  ];
  // The exit row waits long enough for node to start on busy cores: it tests the exit, not the deadline.
  it.each(failures)('$name', async ({ script, expected, readyTimeoutMs }) => {
    const launcher = createLocalProcessLauncher({ command: node(script), edition: '1.0.0-rc.3', pki, readyTimeoutMs });
    await expect(launcher.start()).rejects.toThrow(expected);
  });

  it('restarts with the same ports', async () => {
    const sut = await createLocalProcessLauncher({ command: node(READY), edition: '1.0.0-rc.3', pki }).start();
    await sut.restart?.();
    const urls = sut.logs().trim().split('\n').map((l) => (JSON.parse(l) as { url: string }).url);
    await sut.stop();
    expect(urls).toEqual([sut.url, sut.url]);
  });
});
