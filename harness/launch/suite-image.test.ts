import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chown, cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromPackageRoot } from '../../core/package-root.js';
import { OWNER_LABEL, RUN_LABEL, currentOwner, formatOwner, listLabelled, removeRunContainers } from './container-cleanup.js';
import { engineRequest, resolveEngine } from './container-engine.js';

// The suite's own image (margo-conformance:local, built offline by npm run images; the root Dockerfile
// builds the same where a registry is reachable), run the way the README documents: as the calling user,
// on a mounted working directory, writing the reports there as that user.
const engine = resolveEngine(process.env);
const reachable = await engineRequest(engine, { path: '/_ping', timeoutMs: 500 }).then(
  (answer) => answer.status === 200,
  () => false,
);
const IMAGE = process.env.MARGO_SUITE_IMAGE ?? 'margo-conformance:local';
const WFM_IMAGE = process.env.MARGO_WFM_IMAGE ?? 'margo-reference-wfm:local';
const DOCKER = process.env.DOCKER ?? 'docker';
const uid = process.getuid?.() ?? 0;
const gid = process.getgid?.() ?? 0;

if (!reachable && process.env.CI === 'true') {
  describe('suite image', () => {
    it('has a container engine in CI', () => {
      expect.fail(`No container engine answered at ${engine.display}; CI must start one (.ci/dockerd.sh start) and run npm run images before the tests.`);
    });
  });
} else if (!reachable) {
  console.info(`suite image tests skipped: no container engine at ${engine.display} (sudo .ci/dockerd.sh start, then npm run images).`);
  describe.skip('suite image', () => undefined);
} else {
  // Every container carries the harness labels, so only ours are removed, also after a crash (removeLeftovers).
  const runId = `suite-image-${randomUUID()}`;
  afterAll(async () => {
    await removeRunContainers(engine, runId);
    expect(await listLabelled(engine, `${RUN_LABEL}=${runId}`)).toEqual([]);
  });

  const rows = [
    { name: 'the calling user', user: { uid, gid }, fixture: 'rc3/valid/line-monitor', exit: 0, verdict: 'conformant' },
    { name: 'the calling user, a failing package', user: { uid, gid }, fixture: 'rc3/invalid/pkg-006-missing-id', exit: 1, verdict: 'non-conformant' },
    // A CI runner's uid has no passwd entry in the image: any uid must work. Only root can give it the directory.
    ...(uid === 0 ? [{ name: 'a uid the image does not know', user: { uid: 4242, gid: 4242 }, fixture: 'rc3/valid/line-monitor', exit: 0, verdict: 'conformant' }] : []),
  ];

  describe('suite image', () => {
    it('has the entrypoint, user, working directory and HOME of the root Dockerfile', async () => {
      const inspect = spawnSync(DOCKER, ['image', 'inspect', '--format', '{{json .Config}}', IMAGE], { encoding: 'utf8', timeout: 30_000 });
      const config = JSON.parse(inspect.stdout || '{}') as { Entrypoint?: string[]; User?: string; WorkingDir?: string; Env?: string[] };
      // The final stage of the Dockerfile: the last value of each instruction after the last FROM.
      const stage = (await readFile(fromPackageRoot('Dockerfile'), 'utf8')).split(/^FROM .*$/m).pop() ?? '';
      const last = (instruction: string) => [...stage.matchAll(new RegExp(`^${instruction} (.+)$`, 'gm'))].pop()?.[1];
      expect({ entrypoint: config.Entrypoint, user: config.User, workdir: config.WorkingDir, home: config.Env?.find((e) => e.startsWith('HOME=')) })
        .toEqual({ entrypoint: JSON.parse(last('ENTRYPOINT') ?? 'null'), user: last('USER'), workdir: last('WORKDIR'), home: /^ENV (HOME=\S+)$/m.exec(stage)?.[1] });
    });

    it.each(rows)('runs package on a mounted directory as $name and writes the reports as that user', { timeout: 120_000 }, async ({ user, fixture, exit, verdict }) => {
      const work = await mkdtemp(join(tmpdir(), 'margo-suite-image-'));
      try {
        await cp(fromPackageRoot('fixtures', 'packages', ...fixture.split('/')), join(work, 'pkg'), { recursive: true });
        if (user.uid !== uid) await chown(work, user.uid, user.gid);
        const run = spawnSync(
          DOCKER,
          [
            'run', '--rm', '--network', 'none',
            '--label', `${RUN_LABEL}=${runId}`, '--label', `${OWNER_LABEL}=${formatOwner(currentOwner())}`,
            '--user', `${user.uid}:${user.gid}`, '-v', `${work}:/work`,
            IMAGE, 'package', '/work/pkg', '--out', '/work/out',
          ],
          { encoding: 'utf8', timeout: 90_000 },
        );
        const reports = ['results.json', 'junit.xml', 'report.html'];
        const owners = await Promise.all(reports.map(async (file) => stat(join(work, 'out', file)).then((s) => `${s.uid}:${s.gid}`, (e: Error) => e.message)));
        const results = JSON.parse(await readFile(join(work, 'out', 'results.json'), 'utf8').catch(() => '{}')) as { verdict?: string; subject?: { location?: string } };
        expect({ spawn: run.error?.message, exit: run.status, stderr: run.stderr, verdict: results.verdict, subject: results.subject?.location, owners })
          .toEqual({ spawn: undefined, exit, stderr: '', verdict, subject: '/work/pkg', owners: reports.map(() => `${user.uid}:${user.gid}`) });
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    });

    // The README's run --sut-image line: the engine's socket and its group, the host network. Root tries a uid
    // without a passwd entry, where testcontainers' os.userInfo() used to throw before any container started.
    it('runs a profile against a product image through the engine socket, as a non-root user', { timeout: 180_000 }, async () => {
      const work = await mkdtemp(join(tmpdir(), 'margo-suite-image-'));
      const user = uid === 0 ? { uid: 4242, gid: 4242 } : { uid, gid };
      try {
        if (user.uid !== uid) await chown(work, user.uid, user.gid);
        const socket = 'socketPath' in engine ? engine.socketPath : undefined;
        if (!socket) return expect.fail(`the engine at ${engine.display} is not a Unix socket; the suite image reaches the engine through a mounted socket`);
        const run = spawnSync(
          DOCKER,
          [
            'run', '--rm', '--network', 'host',
            '--label', `${RUN_LABEL}=${runId}`, '--label', `${OWNER_LABEL}=${formatOwner(currentOwner())}`,
            '--user', `${user.uid}:${user.gid}`, '--group-add', String((await stat(socket)).gid),
            '-v', `${socket}:/var/run/docker.sock`, '-v', `${work}:/work`,
            IMAGE, 'run', '--profile', 'wfm', '--sut-image', WFM_IMAGE, '--only', 'DS-005', '--out', '/work/out',
          ],
          { encoding: 'utf8', timeout: 150_000 },
        );
        const results = JSON.parse(await readFile(join(work, 'out', 'results.json'), 'utf8').catch(() => '{}')) as { verdict?: string; requirements?: Array<{ id: string; outcome: string }> };
        const owner = await stat(join(work, 'out', 'results.json')).then((s) => `${s.uid}:${s.gid}`, (e: Error) => e.message);
        expect({ spawn: run.error?.message, exit: run.status, stderr: run.stderr, verdict: results.verdict, decided: results.requirements?.filter((r) => r.outcome === 'pass').map((r) => r.id), owner })
          .toEqual({ spawn: undefined, exit: 0, stderr: expect.any(String), verdict: 'conformant', decided: ['DS-005'], owner: `${user.uid}:${user.gid}` });
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    });
  });
}

