import { resolveEdition, EDITIONS } from '../../core/catalog/editions.js';
import { loadCatalog } from '../../core/catalog/load-catalog.js';
import { areaOf } from '../../core/catalog/level.js';
import type { Requirement } from '../../core/catalog/types.js';
import { loadProfiles, raisedLevel, requirementsInScope } from '../../core/profiles/profile.js';
import { requirementsCheckedBy } from '../check-sets.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';
import type { CommandIo } from './command-io.js';

export const REQUIREMENTS_HELP = `Usage: margo-conformance requirements [options]

Lists the requirement catalog: ID, keyword, level, editions, who it binds, how it is tested, summary.

Options:
  --profile P        only the requirements profile P decides: those its checks declare (${'{profiles}'})
  --spec-version V   only the requirements of edition V: ${Object.keys(EDITIONS).join(', ')} (alias latest)
  --msb STEP         only the rows that decide step STEP of Margo's sandbox conformance kit (all: every
                     row mapped to a step); the steps are listed in each row's msb field
  --json             print the rows as JSON
  -h, --help         this help`;

export async function requirementsCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('requirements', args, {
    profile: { type: 'string' },
    'spec-version': { type: 'string' },
    json: { type: 'boolean' },
    msb: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const profiles = loadProfiles();
  if (values.help) {
    io.stdout(REQUIREMENTS_HELP.replace('{profiles}', profiles.map((p) => p.id).join(', ')) + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`margo-conformance requirements: unexpected argument "${positionals[0]}". Run 'margo-conformance requirements --help'.`);

  const catalog = loadCatalog();
  let rows: Requirement[] = catalog.requirements;
  const edition = values['spec-version'] === undefined ? undefined : resolveEdition(values['spec-version']);
  if (values['spec-version'] !== undefined && !edition) {
    throw new UsageError(`margo-conformance requirements: unknown spec version "${values['spec-version']}"; expected one of ${Object.keys(EDITIONS).join(', ')} or latest.`);
  }
  if (values.profile !== undefined) {
    const profile = profiles.find((p) => p.id === values.profile);
    if (!profile) throw new UsageError(`margo-conformance requirements: unknown profile "${values.profile}"; expected one of ${profiles.map((p) => p.id).join(', ')}.`);
    // The rows a run of the profile decides: in its scope (subjects, excluded areas, raised levels) and declared by one of its checks.
    const inScope = edition
      ? requirementsInScope(catalog, profile, edition.id)
      : rows
          .filter((r) => r.subjects.some((s) => profile.subjects.includes(s)) && !profile.excludeAreas?.includes(areaOf(r.id)))
          .map((r) => ({ ...r, level: raisedLevel(profile, r) }));
    const decided = await requirementsCheckedBy(profile);
    rows = inScope.filter((r) => decided.has(r.id));
  } else if (edition) {
    rows = rows.filter((r) => r.editions.includes(edition.id));
  }

  if (values.msb !== undefined) {
    const step = values.msb;
    rows = rows.filter((r) => (r.msb ?? []).length > 0 && (step === 'all' || r.msb!.includes(step)));
  }

  if (values.json) {
    io.stdout(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  const lines = rows.map((r) =>
    [r.id.padEnd(8), r.keyword.padEnd(11), r.level.padEnd(8), (r.editions.join(',') || 'historical').padEnd(21), r.testability.padEnd(12), r.summary, ...(values.msb !== undefined ? [`[MSB: ${r.msb!.join(', ')}]`] : [])].join(' '),
  );
  io.stdout([`${'ID'.padEnd(8)} ${'KEYWORD'.padEnd(11)} ${'LEVEL'.padEnd(8)} ${'EDITIONS'.padEnd(21)} ${'TESTABILITY'.padEnd(12)} SUMMARY`, ...lines, `${rows.length} requirements`].join('\n') + '\n');
  return 0;
}
