import { readTarball } from '../../../core/input/read-tarball.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { descriptionObject } from '../../package-format/description.js';
import type { PackageContext } from '../../package-format/package.js';
import { ARCHIVE_CHECKS } from '../compose-checks.js';
import type { ComposeContext } from '../compose-context.js';
import { composeRuleChecks } from '../content-rule-checks.js';
import { archiveFromEntries, composeFileOf } from '../load/archive-project.js';
import { loadCompose } from '../model/load-compose.js';
import { parseEnvFile } from '../model/parse-env-file.js';
import { composeRules } from '../rules.js';
import { localComponents } from './local-component-files.js';

const ARCHIVE_REQUIREMENTS = ['CMP-004', 'CMP-005', 'CMP-006', 'CMP-007', 'CMP-008', 'CMP-009'];

/**
 * From the package command: the archive rules (core) and the content rules (extended, so warnings only) on
 * every Compose Archive the package itself holds. Components out of reach (oci://, https://) are skipped.
 */
export const packageComposeArchives = defineCheck<PackageContext>({
  id: 'compose/package-compose-archives',
  title: 'Compose Archives in the package meet the archive and content rules',
  // A getter: the rule IDs come from rules.yaml, which must not be read at import time.
  get requirements() {
    return requirementIds();
  },
  run: async (context) => {
    const requirements = requirementIds();
    const description = descriptionObject(context);
    const { local, remote } = description ? localComponents(context, context.edition.profileTypes.compose, description) : { local: [], remote: [] };
    const archives = local.filter((c) => c.files.has(''));
    if (archives.length === 0) {
      const why = remote.length ? `Compose components ${remote.join(', ')} are not in the package, and the run is offline` : 'The package holds no Compose Archive';
      return requirements.map((requirement) => ({ requirement, outcome: 'skip' as const, message: `${why}; archive and content rules were not applied.` }));
    }
    const findings: Finding[] = [];
    for (const component of archives) {
      const archive = archiveFromEntries(component.reference, await readTarball(component.files.get('') as Uint8Array));
      const file = composeFileOf(archive);
      const text = (name: string) => (archive.files.has(name) ? Buffer.from(archive.files.get(name) as Uint8Array).toString('utf8') : undefined);
      const dotEnv = file ? text('.env') : undefined;
      const projects = file ? [loadCompose({ file, text: text(file) ?? '', env: dotEnv ? parseEnvFile(dotEnv) : new Map(), read: text })] : [];
      const composeContext: ComposeContext = { projects, archive, waivers: [], today: new Date().toISOString().slice(0, 10) };
      for (const check of [...ARCHIVE_CHECKS, ...composeRuleChecks()]) {
        if (!check.requirements.some((id) => requirements.includes(id))) continue;
        findings.push(...(await check.run(composeContext)).map((f) => ({ ...f, message: `${component.name}: ${f.message}` })));
      }
    }
    return findings;
  },
});

function requirementIds(): string[] {
  return [...ARCHIVE_REQUIREMENTS, ...composeRules().map((r) => r.id)];
}
