import { describe, expect, it } from 'vitest';
import { main } from './main.js';

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env: {}, color: false } };
}

describe('fleet and merge commands', () => {
  it.each([
    [['fleet', '--duration', 'soon'], 'margo-conformance fleet: --duration "soon" is not a duration; write it as 500ms, 6s or 2m.\n'],
    [['fleet', '--devices', '0'], 'margo-conformance fleet: --devices "0" is not a positive whole number.\n'],
    [['fleet', '--shard', '4/4'], 'margo-conformance fleet: --shard "4/4" is not i/N with 0 <= i < N, e.g. 0/4.\n'],
    [['fleet', '--connections', 'pooled'], 'margo-conformance fleet: --connections "pooled" is not keep-alive or per-poll.\n'],
    [['fleet', '--preset', '1m'], 'margo-conformance fleet: unknown preset "1m"; use one of 1k, 10k.\n'],
    [['fleet', '--target', 'https://127.0.0.1:1'], 'margo-conformance fleet: --target needs --control (devices are accepted through the control adapter) and --pki.\n'],
    [['merge'], "margo-conformance merge: give the shard result directories (or results.json files) to merge. Run 'margo-conformance merge --help'.\n"],
  ])('refuses %j with one line and exit 2', async (argv, message) => {
    const { out, io: commandIo } = io();
    expect(await main(argv, commandIo)).toBe(2);
    expect(out.stderr).toBe(message);
  });

  it.each([['fleet'], ['merge']])('prints %s --help', async (command) => {
    const { out, io: commandIo } = io();
    expect(await main([command, '--help'], commandIo)).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`^Usage: margo-conformance ${command}`));
  });
});
