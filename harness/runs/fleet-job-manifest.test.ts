import { readFileSync } from 'node:fs';
import { Job } from 'kubernetes-models/batch/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { fromPackageRoot } from '../../core/package-root.js';

describe('deploy/fleet-job.yaml', () => {
  const documents = parseAllDocuments(readFileSync(fromPackageRoot('deploy', 'fleet-job.yaml'), 'utf8')).map((d) => d.toJSON() as Record<string, unknown>);

  it('holds the shard Job and the merge Job, each valid against the Kubernetes batch/v1 Job schema', () => {
    expect(documents.map((d) => (d['metadata'] as { name: string }).name)).toEqual(['margo-fleet', 'margo-fleet-merge']);
    for (const document of documents) expect(() => new Job(document as never).validate()).not.toThrow();
  });

  it('runs the shards as an Indexed Job whose index picks the shard', () => {
    const spec = documents[0]?.['spec'] as { completionMode: string; completions: number; template: { spec: { containers: { args: string[] }[] } } };
    expect(spec.completionMode).toBe('Indexed');
    expect(spec.template.spec.containers[0]?.args[0]).toContain(`--shard "\${JOB_COMPLETION_INDEX}/${spec.completions}"`);
  });
});
