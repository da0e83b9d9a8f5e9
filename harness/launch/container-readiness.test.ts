import { createServer as createNetServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import { describeReadiness, parseReadyLine, probeOnce, type Readiness } from './container-readiness.js';

describe('parseReadyLine', () => {
  const rows = [
    { line: '{"ready":true,"url":"https://127.0.0.1:1"}', expected: { ready: true, url: 'https://127.0.0.1:1' } },
    { line: '  {"ready": true}  ', expected: { ready: true } },
    { line: '{"ready":"true"}', expected: undefined },
    { line: '{"event":"started"}', expected: undefined },
    { line: 'ready: true', expected: undefined },
    { line: '{"ready":true', expected: undefined },
  ];
  it.each(rows)('reads $line as $expected', ({ line, expected }) => {
    expect(parseReadyLine(line)).toEqual(expected);
  });
});

describe('describeReadiness', () => {
  const rows: Array<{ readiness: Readiness; text: string }> = [
    { readiness: { kind: 'log' }, text: 'a {"ready":true} line on stdout' },
    { readiness: { kind: 'log', pattern: /listening on \d+/ }, text: 'a log line matching /listening on \\d+/' },
    { readiness: { kind: 'port', port: 8443 }, text: 'TCP on 127.0.0.1:8443' },
    { readiness: { kind: 'https', port: 8443, path: '/.well-known/margo' }, text: 'an HTTPS answer from https://127.0.0.1:8443/.well-known/margo' },
  ];
  it.each(rows)('says what it awaits: $text', ({ readiness, text }) => {
    expect(describeReadiness(readiness)).toBe(text);
  });
});

describe('probeOnce', () => {
  it('sees a listening port, and not a closed one', async () => {
    const server = createNetServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const open = (server.address() as { port: number }).port;
    const closed = await freePort();
    const results = { open: await probeOnce({ kind: 'port', port: open }), closed: await probeOnce({ kind: 'port', port: closed }) };
    server.close();
    expect(results).toEqual({ open: true, closed: false });
  });

  it('does not take a plain TCP listener for an HTTPS endpoint', async () => {
    const server = createNetServer((socket) => socket.end('not tls'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const ok = await probeOnce({ kind: 'https', port: (server.address() as { port: number }).port }, 500);
    server.close();
    expect(ok).toBe(false);
  });
});
