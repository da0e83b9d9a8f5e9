import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromPackageRoot } from '../../core/package-root.js';
import { checkComposeFile } from './check-compose-file.js';
import { composeSchema } from './checks/compose-schema.js';
import { loadCompose } from './model/load-compose.js';

const root = fromPackageRoot('fixtures', 'compose', 'corpus');
const corpus = readdirSync(root).sort().map((name) => ({ name, text: readFileSync(join(root, name), 'utf8') }));

/** What an operator would pass for the corpus's required variables (`${VAR:?}`). */
const ENV = new Map([['HISTORIAN_DB_PASSWORD', 'from-the-vault']]);

describe('realistic Compose corpus', () => {
  it('has at least 20 multi-service files', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    expect(corpus.filter((f) => loadCompose({ file: f.name, text: f.text }).services.length < 2).map((f) => f.name)).toEqual([]);
  });

  it.each(corpus)('$name raises no baseline finding', ({ name, text }) => {
    expect(checkComposeFile(text, { file: name, level: 'baseline', env: ENV, today: '2026-01-01' }).map((f) => f.message)).toEqual([]);
  });

  it.each(corpus)('$name conforms to the Compose schema', async ({ name, text }) => {
    const project = loadCompose({ file: name, text, env: ENV });
    expect((await composeSchema.run({ projects: [project], waivers: [], today: '2026-01-01' })).map((f) => f.message)).toEqual([]);
  });
});
