import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { junitSchemaErrors } from '../../reports/test-support/junit-schema.js';
import { main } from './main.js';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'margo-junit-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('junit.xml of real runs against the Jenkins JUnit schema', () => {
  it.each([
    ['a conformant package', ['package', 'fixtures/packages/rc3/valid/line-monitor'], 0],
    ['a non-conformant package', ['package', 'fixtures/packages/rc3/invalid/pkg-008-missing-name'], 1],
    ['two packages in one run', ['package', 'fixtures/packages/rc3/valid/minimal', 'fixtures/packages/rc3/invalid/pkg-008-missing-name'], 1],
    ['a Compose file', ['compose', 'fixtures/compose/stacks/iot-telemetry/deploy/edge/compose.yaml'], 1],
  ])('validates the junit.xml of %s', async (what, argv, code) => {
    const dir = join(out, what.replaceAll(' ', '-'));
    const exit = await main([...argv, '--out', dir], { stdout: () => {}, stderr: () => {}, env: {}, color: false });
    expect(exit).toBe(code);
    const xml = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(await junitSchemaErrors(xml)).toEqual([]);
    expect(xml).toMatch(/<property name="requirement" value="[A-Z]+-\d{3}"\/>/);
  });
});
