import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RENDERERS } from './renderers.js';
import { createNonConformantResults } from './test-support/sample-results.js';
import { writeReports } from './write-reports.js';

describe('writeReports', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates the output directory and writes results.json, junit.xml and report.html', async () => {
    dir = await mkdtemp(join(tmpdir(), 'margo-reports-'));
    const outDir = join(dir, 'nested', 'out');
    const paths = await writeReports(createNonConformantResults(), outDir);
    expect(paths).toEqual(['results.json', 'junit.xml', 'report.html'].map((file) => join(outDir, file)));
  });

  it('writes exactly what each renderer returns', async () => {
    dir = await mkdtemp(join(tmpdir(), 'margo-reports-'));
    const results = createNonConformantResults();
    const [json, junit, html] = await writeReports(results, dir);
    const written = await Promise.all([json!, junit!, html!].map((path) => readFile(path, 'utf8')));
    expect(written).toEqual([RENDERERS.json(results), RENDERERS.junit(results), RENDERERS.html(results)]);
  });
});
