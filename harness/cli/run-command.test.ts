import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from './run-command.js';

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'margo-run-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

async function run(...args: string[]) {
  let stdout = '';
  const code = await runCommand(args, { stdout: (t) => (stdout += t), stderr: () => undefined, env: {}, color: false });
  return { code, stdout };
}

describe('margo-conformance run', () => {
  it.each([
    { args: [], message: /--profile is required \(device-compose, device-helm, device-wasm, wfm\)/ },
    { args: ['--profile', 'application-package'], message: /profile "application-package" cannot be run; expected one of device-compose, device-helm, device-wasm, wfm \(application packages: 'margo-conformance package'\)/ },
    { args: ['--profile', 'wfm', '--target', 'https://h:1', '--sut-command', 'x'], message: /either --target .* or --sut-command/ },
    { args: ['--profile', 'wfm', '--control', 'http://127.0.0.1:1'], message: /--control needs --target/ },
    { args: ['--profile', 'wfm', '--target', 'http://h:1'], message: /--target "http:\/\/h:1" is not https:\/\/host:port/ },
    { args: ['--profile', 'wfm', '--spec-version', 'v9'], message: /unknown spec version "v9"/ },
    { args: ['--profile', 'wfm', '--bogus'], message: /unknown option --bogus/ },
    { args: ['--profile', 'wfm', '--mock-wfm-port', '9443'], message: /--mock-wfm-port is for device-compose and device-helm, not wfm/ },
    { args: ['--profile', 'device-compose', '--mock-wfm-port', '9443', '--sut-command', 'x'], message: /either --mock-wfm-port .* or --sut-command\/--sut-image/ },
    { args: ['--profile', 'device-helm', '--mock-wfm-port', 'abc'], message: /--mock-wfm-port "abc" is not a port number/ },
    { args: ['--profile', 'device-helm', '--mock-wfm-pki', 'dir'], message: /--mock-wfm-pki needs --mock-wfm-port/ },
    { args: ['--profile', 'wfm', '--time-scale', '0.5'], message: /--time-scale "0.5" is not a number from 1 to 100\. Give e\.g\. --time-scale 3/ },
    { args: ['--profile', 'wfm', '--time-scale', 'fast'], message: /--time-scale "fast" is not a number from 1 to 100/ },
    { args: ['--profile', 'device-compose', '--time-scale', '101'], message: /--time-scale "101" is not a number from 1 to 100/ },
  ])('refuses $args with a one-line usage error', async ({ args, message }) => {
    await expect(run(...args)).rejects.toThrow(message);
  });

  it('prints its help', async () => {
    expect((await run('--help')).stdout).toMatch(/^Usage: margo-conformance run --profile P/);
  });

  it.each([
    { what: 'a SUT command that exits before it is ready', args: ['--sut-command', `"${process.execPath}" -e "process.exit(4)"`], reason: /exited \(code 4\) before it was ready/, files: ['junit.xml', 'report.html', 'results.json'] },
    { what: 'a target nothing listens on', args: ['--target', 'https://127.0.0.1:1', '--only', 'DS-005'], reason: /The WFM at 127\.0\.0\.1:1 is not reachable: awaited a completed TLS handshake within \d+ ms, but nothing accepted a TCP connection \(ECONNREFUSED\)/, files: ['junit.xml', 'report.html', 'results.json', 'traffic.json'] },
  ])('exits 2 with an error verdict and all reports for $what', async ({ args, reason, files }) => {
    const result = await run('--profile', 'wfm', '--out', out, '--json', ...args);
    const results = JSON.parse(result.stdout) as { verdict: string; verdictReason: string; subject: { kind: string } };
    expect({ code: result.code, verdict: results.verdict, kind: results.subject.kind }).toEqual({ code: 2, verdict: 'error', kind: 'wfm' });
    expect(results.verdictReason).toMatch(reason);
    // traffic.json holds the reachability probe's handshake when one was attempted.
    expect((await readdir(out)).sort()).toEqual(files);
    expect(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')).verdict).toBe('error');
  });

  it('writes the deadline scale given with --time-scale into config and the reproduce command', async () => {
    const result = await run('--profile', 'wfm', '--out', out, '--json', '--quiet', '--time-scale', '2.5', '--target', 'https://127.0.0.1:1', '--only', 'DS-005');
    const results = JSON.parse(result.stdout) as { config: { timeScale: unknown }; run: { command: string } };
    expect({ timeScale: results.config.timeScale, command: results.run.command.endsWith('--time-scale 2.5') }).toEqual({ timeScale: { factor: 2.5, source: 'flag', requestTimeoutMs: 12500 }, command: true });
  });
});
