import { describe, expect, it } from 'vitest';
import { EDITIONS } from '../../../core/catalog/editions.js';
import { parseYaml } from '../../../core/input/parse-yaml.js';
import { makeTarball } from '../../../core/input/test-support/make-tarball.js';
import { packageHelmCharts } from '../../helm/package-helm-charts.js';
import type { PackageContext } from '../../package-format/package.js';
import { componentCoordinates } from './component-coordinates.js';
import { packageComposeArchives } from './package-compose-archives.js';

function context(profiles: string, files: [string, string | Uint8Array][] = []): PackageContext {
  const text = `apiVersion: margo.org/v1-alpha1\nkind: ApplicationDescription\nid: app\ndeploymentProfiles:\n${profiles}`;
  return {
    edition: EDITIONS['1.0.0-rc.3'],
    pkg: { format: 'directory', location: 'pkg', descriptionFile: 'margo.yaml', descriptionCandidates: ['margo.yaml'], description: parseYaml(text), files: new Map(files.map(([n, c]) => [n, typeof c === 'string' ? Buffer.from(c) : c])) },
  };
}
const compose = (repository: string, revision = '1.0.0') => `  - type: compose\n    id: c\n    components:\n      - name: agent\n        properties: {repository: "${repository}", revision: "${revision}"}\n`;
const helm = (repository: string) => `  - type: helm\n    id: h\n    components:\n      - name: dash\n        properties: {repository: "${repository}", revision: 1.0.0}\n`;

describe('package-command checks', () => {
  it.each([
    ['oci:// and SemVer', compose('oci://registry.example/agent'), []],
    ['an https repository', compose('https://example.com/agent.tgz'), ['CMP-001 repository']],
    ['a v-prefixed revision', compose('oci://registry.example/agent', 'v1.0.0'), ['CMP-001 revision']],
  ])('decides CMP-001 for %s', async (_, profiles, expected) => {
    const findings = await componentCoordinates.run(context(profiles));
    expect(findings.map((f) => `${f.requirement} ${/ (repository|revision) /.exec(f.message)?.[1]}`)).toEqual(expected);
  });

  it('skips the chart rules for a chart that is only in a registry', async () => {
    const findings = await packageHelmCharts.run(context(helm('oci://registry.example/charts/dash')));
    expect(findings.map((f) => `${f.requirement} ${f.outcome}`)).toEqual(['PKG-004 skip', 'PKG-005 skip']);
  });

  it('runs the chart rules on a chart directory inside the package', async () => {
    const findings = await packageHelmCharts.run(context(helm('charts/dash'), [['charts/dash/Chart.yaml', 'apiVersion: v1\nname: dash\n'], ['charts/dash/templates/x.yaml', '"helm.sh/hook": post-install\n']]));
    expect(findings.map((f) => f.requirement)).toEqual(['PKG-004', 'PKG-005']);
  });

  it('runs the archive rules on a Compose Archive inside the package', async () => {
    const archive = await makeTarball([{ name: 'agent/docker-compose.yml', content: 'services:\n  a:\n    image: i:1\n' }]);
    const findings = await packageComposeArchives.run(context(compose('components/agent.tar.gz'), [['components/agent.tar.gz', archive]]));
    expect(findings.filter((f) => f.outcome === 'fail' && f.requirement.startsWith('CMP')).map((f) => f.message)).toEqual([
      'agent: components/agent.tar.gz: agent/ has docker-compose.yml instead of compose.yaml (CMP-004). Rename the file to exactly compose.yaml.',
    ]);
  });
});
