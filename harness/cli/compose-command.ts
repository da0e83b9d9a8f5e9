import { writeFile } from 'node:fs/promises';
import { UnsafeInputError, USER_FILE_LIMITS } from '../../core/input/limits.js';
import { readFileBounded } from '../../core/input/read-file-bounded.js';
import { exitCodeFor } from '../../core/results/verdict.js';
import { shellQuote } from '../runs/reproduce-command.js';
import { renderJson, renderText, writeReports } from '../../reports/index.js';
import { renderSarif } from '../../reports/sarif-renderer.js';
import { escapeTerminal } from '../../reports/escape-terminal.js';
import { checkInput } from './check-input.js';
import { parseEnvFile, parseWaivers, RULE_LEVELS, type RuleLevel, type Waiver } from '../../suites/compose/index.js';
import { runCompose } from '../runs/run-compose.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';
import type { CommandIo } from './command-io.js';

export const COMPOSE_HELP = `Usage: margo-conformance compose <compose.yaml | archive.tar.gz | oci-layout-dir> [options]

Checks a Compose file, a Compose Archive or an OCI Compose component: the Compose Archive rules (CMP) and
the draft Compose security rules (MCS, profile compose-security) mapped from the Kubernetes Pod Security
Standards. Writes results.json, junit.xml and report.html.

Options:
  --level L        rules that decide the exit code: privileged (none), baseline, restricted; default baseline
  --env-file F     variables for interpolation, KEY=VALUE lines (replaces the archive's .env)
  --env K=V        one variable for interpolation; repeatable; wins over --env-file
  --waivers F      YAML file of waivers: rule, service, reason, expires (YYYY-MM-DD)
  --out DIR        where the reports go; default ./conformance-report (env MARGO_CONFORMANCE_OUT)
  --json           print results.json to stdout instead of the summary
  --sarif F        also write SARIF 2.1.0 to F, for code-scanning UIs
  --sarif-root DIR SARIF file URIs are relative to DIR (the repository root); default the working directory
  -h, --help       this help

Prints every finding as file:line:col ID level: message, grouped by file, then a count.
Exit codes: 0 no rule of the chosen level violated, 1 one is, 2 error (bad usage, missing, unparsable or refused input).`;

export async function composeCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('compose', args, {
    level: { type: 'string' },
    'env-file': { type: 'string' },
    env: { type: 'string', multiple: true },
    waivers: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    sarif: { type: 'string' },
    'sarif-root': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(COMPOSE_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`margo-conformance compose: expected one <compose.yaml | archive.tar.gz>, got ${positionals.length}. Run 'margo-conformance compose --help'.`);
  }
  const path = positionals[0] as string;
  const level = (values.level ?? 'baseline') as RuleLevel;
  if (!RULE_LEVELS.includes(level)) {
    throw new UsageError(`margo-conformance compose: unknown level "${values.level}"; expected one of ${RULE_LEVELS.join(', ')}.`);
  }
  const env = await environment(values['env-file'], values.env);
  const waivers = values.waivers ? await readWaivers(values.waivers) : undefined;
  await checkInput('compose', path);
  // An expired waiver no longer applies; say so, rather than let a finding come back without a word.
  const today = new Date().toISOString().slice(0, 10);
  for (const waiver of waivers ?? []) {
    if (waiver.expires < today) io.stderr(`margo-conformance compose: waiver for ${waiver.rule} on service ${escapeTerminal(waiver.service)} expired on ${waiver.expires}; it is ignored. Renew it in ${escapeTerminal(values.waivers ?? '')} or fix the finding.\n`);
  }
  const out = values.out ?? io.env.MARGO_CONFORMANCE_OUT ?? 'conformance-report';
  const command = [
    'margo-conformance', 'compose', path, '--level', level,
    ...(values['env-file'] ? ['--env-file', values['env-file']] : []),
    // Values of --env may be secrets: the reproducing command names the variables only.
    ...(values.env ?? []).flatMap((pair) => ['--env', `${pair.split('=')[0]}=<redacted>`]),
    ...(values.waivers ? ['--waivers', values.waivers] : []),
  ].map(shellQuote).join(' ');
  const results = await runCompose({
    path,
    level,
    command,
    ...(env ? { env } : {}),
    ...(waivers ? { waivers } : {}),
    config: {
      ...(values['env-file'] ? { envFile: values['env-file'] } : {}),
      ...(env ? { variables: [...env.keys()].sort() } : {}),
      ...(values.waivers ? { waivers: values.waivers } : {}),
    },
  });
  const written = await writeReports(results, out);
  if (values.sarif) {
    await writeFile(values.sarif, renderSarif(results, values['sarif-root'] ? { root: values['sarif-root'] } : {}), 'utf8');
    written.push(values.sarif);
  }
  if (values.json) io.stdout(renderJson(results));
  else io.stdout(renderText(results, { color: io.color }) + `\nReports: ${written.join(', ')}\n`);
  return exitCodeFor(results.verdict);
}

async function environment(envFile: string | undefined, pairs: string[] | undefined): Promise<Map<string, string> | undefined> {
  if (envFile === undefined && pairs === undefined) return undefined;
  const env = envFile ? parseEnvFile(await readText(envFile, '--env-file', USER_FILE_LIMITS.envFile)) : new Map<string, string>();
  for (const pair of pairs ?? []) {
    const cut = pair.indexOf('=');
    if (cut <= 0) throw new UsageError(`margo-conformance compose: --env "${pair}" is not KEY=VALUE. Write it as --env NAME=value.`);
    env.set(pair.slice(0, cut), pair.slice(cut + 1));
  }
  return env;
}

async function readWaivers(path: string): Promise<Waiver[]> {
  try {
    return parseWaivers(await readText(path, '--waivers', USER_FILE_LIMITS.waivers), path);
  } catch (cause) {
    if (cause instanceof UsageError) throw cause;
    throw new UsageError(`margo-conformance compose: ${(cause as Error).message}`);
  }
}

/** A file named by a flag, read bounded: `/dev/zero` or a huge file is refused at the limit, not read whole. */
async function readText(path: string, flag: string, limit: number): Promise<string> {
  try {
    return (await readFileBounded(path, { limit, what: flag })).toString('utf8');
  } catch (cause) {
    if (cause instanceof UnsafeInputError) throw new UsageError(`margo-conformance compose: ${cause.message}`);
    throw new UsageError(`margo-conformance compose: ${flag} ${path} cannot be read (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}). Give an existing file.`);
  }
}
