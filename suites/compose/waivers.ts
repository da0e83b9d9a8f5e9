import { parseYaml } from '../../core/input/parse-yaml.js';
import type { Outcome } from '../../core/results/outcome.js';
import { isRecord } from './model/compose-project.js';

/** A justified exception: this rule does not apply to this service, for this reason, until this date. */
export interface Waiver {
  rule: string;
  /** A service name, or `*` for every service. */
  service: string;
  reason: string;
  /** Last day the waiver holds, `YYYY-MM-DD`; the day after, it is ignored. */
  expires: string;
}

/** The outcome a waived finding gets; its message and `evidence.waiver` carry the reason and expiry. */
export const WAIVED_OUTCOME: Outcome = 'waived';

/**
 * Reads a waivers file: `waivers:` then a list of `{ rule, service, reason, expires }`. Throws one
 * `Error` listing every malformed entry, since a waiver that silently does nothing is worse than none.
 */
export function parseWaivers(text: string, source: string): Waiver[] {
  const parsed = parseYaml(text);
  if (parsed.problems.length > 0) throw new Error(`${source}: ${parsed.problems[0]?.message}. Write the waivers file as YAML.`);
  const list = isRecord(parsed.value) ? parsed.value.waivers : undefined;
  if (!Array.isArray(list)) throw new Error(`${source}: has no "waivers" list. Write waivers: followed by entries with rule, service, reason and expires.`);
  const problems: string[] = [];
  const waivers = list.flatMap((entry, index): Waiver[] => {
    const at = `${source}: waivers[${index}]`;
    if (!isRecord(entry)) return problems.push(`${at} is not a mapping`), [];
    const text = (key: string) => (typeof entry[key] === 'string' ? (entry[key] as string).trim() : entry[key] instanceof Date ? (entry[key] as Date).toISOString().slice(0, 10) : '');
    const waiver = { rule: text('rule'), service: text('service'), reason: text('reason'), expires: text('expires') };
    if (!/^[A-Z]+-\d{3}$/.test(waiver.rule)) problems.push(`${at}.rule is "${waiver.rule}"; expected a rule ID such as MCS-012`);
    if (waiver.service === '') problems.push(`${at}.service is missing; give a service name or *`);
    if (waiver.reason === '') problems.push(`${at}.reason is missing; a waiver must say why`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(waiver.expires)) problems.push(`${at}.expires is "${waiver.expires}"; expected a date YYYY-MM-DD`);
    return [waiver];
  });
  if (problems.length > 0) throw new Error(problems.join('; '));
  return waivers;
}

/** The waiver that covers a rule on a service today, if any; expired waivers are ignored. */
export function findWaiver(waivers: readonly Waiver[], rule: string, service: string, today: string): Waiver | undefined {
  return waivers.find((w) => w.rule === rule && (w.service === service || w.service === '*') && w.expires >= today);
}
