import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTarball, type TarSpec } from '../../core/input/test-support/make-tarball.js';
import { runCompose } from '../runs/run-compose.js';

const COMPOSE = `services:
  agent:
    image: registry.example/acme/line-agent:1.4.2
    env_file: ./agent.env
    configs: [agent-conf]
    volumes: [agent-data:/var/lib/agent]
configs:
  agent-conf:
    file: ./config/agent.conf
volumes:
  agent-data:
`;

/** A clean Compose Archive; each malicious one below differs from it in one way. */
const BASE: TarSpec[] = [
  { name: 'line-agent/', type: 'directory', mode: 0o755 },
  { name: 'line-agent/compose.yaml', content: COMPOSE },
  { name: 'line-agent/agent.env', content: 'LOG_LEVEL=info\n' },
  { name: 'line-agent/config/agent.conf', content: 'interval=5\n' },
];
const withCompose = (text: string) => BASE.map((e) => (e.name === 'line-agent/compose.yaml' ? { ...e, content: text } : e));

const ARCHIVES: { name: string; entries: TarSpec[]; failing: string[] }[] = [
  { name: 'clean archive', entries: BASE, failing: [] },
  { name: 'cmp-004 two top directories', entries: [...BASE, { name: 'extras/readme.txt', content: 'x' }], failing: ['CMP-004'] },
  { name: 'cmp-004 file beside the top directory', entries: [...BASE, { name: 'README.md', content: 'x' }], failing: ['CMP-004'] },
  { name: 'cmp-004 docker-compose.yml instead of compose.yaml', entries: BASE.map((e) => (e.name === 'line-agent/compose.yaml' ? { ...e, name: 'line-agent/docker-compose.yml' } : e)), failing: ['CMP-004'] },
  { name: 'cmp-005 unknown service key', entries: withCompose(COMPOSE.replace('    env_file', '    privilegd: true\n    env_file')), failing: ['CMP-005'] },
  { name: 'cmp-005 not YAML', entries: withCompose('services: [\n'), failing: ['CMP-005', 'MCS-001', 'MCS-002', 'MCS-004', 'MCS-005', 'MCS-006', 'MCS-007', 'MCS-008', 'MCS-009', 'MCS-010', 'MCS-011', 'MCS-012', 'MCS-013', 'MCS-014', 'MCS-015', 'MCS-016', 'MCS-017'] },
  { name: 'cmp-006 env_file in the parent directory', entries: withCompose(COMPOSE.replace('./agent.env', '../agent.env')), failing: ['CMP-006'] },
  { name: 'cmp-006 config file missing', entries: BASE.filter((e) => e.name !== 'line-agent/config/agent.conf'), failing: ['CMP-006'] },
  { name: 'cmp-007 shipped bind-mount source', entries: [...withCompose(COMPOSE.replace('[agent-data:/var/lib/agent]', '[agent-data:/var/lib/agent, ./seed:/seed]')), { name: 'line-agent/seed/data.csv', content: '1' }], failing: ['CMP-007', 'MCS-011'] },
  { name: 'cmp-007 shipped secrets file', entries: [...withCompose(`${COMPOSE}secrets:\n  token:\n    file: ./token.txt\n`), { name: 'line-agent/token.txt', content: 's3cr3t' }], failing: ['CMP-007'] },
  { name: 'cmp-008 path traversal', entries: [...BASE, { name: 'line-agent/../../etc/cron.d/x', content: '* * * * * root sh' }], failing: ['CMP-008'] },
  { name: 'cmp-008 absolute path', entries: [...BASE, { name: '/etc/passwd', content: 'root::0:0::/:/bin/sh' }], failing: ['CMP-004', 'CMP-008'] },
  { name: 'cmp-008 symlink escape', entries: [...BASE, { name: 'line-agent/hosts', type: 'symlink', linkname: '../../../etc/hosts' }], failing: ['CMP-008'] },
  { name: 'cmp-008 symlink leaving the top directory', entries: [...BASE, { name: 'line-agent/other', type: 'symlink', linkname: '../sibling/file' }], failing: ['CMP-008'] },
  { name: 'cmp-008 hardlink escape', entries: [...BASE, { name: 'line-agent/shadow', type: 'link', linkname: '../etc/shadow' }], failing: ['CMP-008'] },
  { name: 'cmp-009 setuid file', entries: [...BASE, { name: 'line-agent/bin/tool', content: '#!/bin/sh', mode: 0o4755 }], failing: ['CMP-009'] },
  { name: 'cmp-009 setgid directory', entries: [...BASE, { name: 'line-agent/shared/', type: 'directory', mode: 0o2775 }], failing: ['CMP-009'] },
];

const work = mkdtempSync(join(tmpdir(), 'margo-compose-archives-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('Compose Archive fixtures, built at test time', () => {
  it.each(ARCHIVES)('$name fails exactly $failing', async ({ name, entries, failing }) => {
    const path = join(work, `${name.replace(/[^a-z0-9]+/gi, '-')}.tar.gz`);
    writeFileSync(path, await makeTarball(entries));
    const results = await runCompose({ path, level: 'baseline' });
    expect(results.errors).toEqual([]);
    const notPassing = results.requirements.filter((r) => (r.outcome === 'fail' || r.outcome === 'error') && r.level === 'core').map((r) => r.id);
    expect(notPassing).toEqual(failing);
    expect(results.verdict).toBe(failing.length === 0 ? 'conformant' : 'non-conformant');
  });
});
