import type { FileLocation, Finding } from '../../core/results/model.js';
import type { ComposeProject, ComposeService } from './model/compose-project.js';
import { escapeToken } from './model/interpolate.js';
import type { ComposeRule } from './rules.js';
import type { RuleEvaluator, Violation } from './rules/index.js';
import { findWaiver, WAIVED_OUTCOME, type Waiver } from './waivers.js';

export interface RuleFindingOptions {
  waivers?: readonly Waiver[];
  /** `YYYY-MM-DD`, to tell expired waivers. */
  today: string;
}

/**
 * Applies one rule to every service of a project. A violation on a value that used an unset variable, and a
 * pass that read one, are `indeterminate`, naming the variable; a waived violation gets the waiver's outcome.
 */
export function ruleFindings(rule: ComposeRule, evaluate: RuleEvaluator, project: ComposeProject, options: RuleFindingOptions): Finding[] {
  return project.services.flatMap((service) => {
    const violations = evaluate(service, project);
    if (violations.length === 0) {
      const unset = unsetUnder(service, rule.reads.map((key) => `/${escapeToken(key)}`));
      return unset ? [indeterminate(rule, project, service, unset.pointer, unset.variables)] : [];
    }
    return violations.map((violation) => {
      const unset = unsetUnder(service, violation.pointer === '' ? rule.reads.map((key) => `/${escapeToken(key)}`) : [violation.pointer]);
      if (unset) return indeterminate(rule, project, service, unset.pointer, unset.variables);
      const waiver = findWaiver(options.waivers ?? [], rule.id, service.name, options.today);
      return waiver ? waived(rule, project, service, violation, waiver) : failed(rule, project, service, violation);
    });
  });
}

function failed(rule: ComposeRule, project: ComposeProject, service: ComposeService, violation: Violation): Finding {
  const location = locateIn(project, service, violation.pointer);
  return {
    requirement: rule.id,
    outcome: 'fail',
    message: `${location.file}: ${subject(service, violation.pointer)} ${violation.says} (${rule.id}). ${rule.fix}`,
    location,
    evidence: { service: service.name, level: rule.level, severity: rule.severity, ...violation.evidence },
  };
}

function waived(rule: ComposeRule, project: ComposeProject, service: ComposeService, violation: Violation, waiver: Waiver): Finding {
  const location = locateIn(project, service, violation.pointer);
  return {
    requirement: rule.id,
    outcome: WAIVED_OUTCOME,
    message: `${location.file}: ${subject(service, violation.pointer)} ${violation.says} (${rule.id}), waived until ${waiver.expires}: ${waiver.reason}`,
    location,
    evidence: { service: service.name, level: rule.level, severity: rule.severity, waiver, ...violation.evidence },
  };
}

function indeterminate(rule: ComposeRule, project: ComposeProject, service: ComposeService, pointer: string, variables: string[]): Finding {
  const location = locateIn(project, service, pointer);
  const names = variables.join(', ');
  return {
    requirement: rule.id,
    outcome: 'indeterminate',
    message: `${location.file}: ${subject(service, pointer)} depends on the unset variable${variables.length > 1 ? 's' : ''} ${names} (${rule.id}). Give ${variables.length > 1 ? 'their values' : 'its value'} with --env or --env-file to decide.`,
    location,
    evidence: { service: service.name, variables },
  };
}

/** `services.web.cap_add[0]` for `/cap_add/0`. */
function subject(service: ComposeService, pointer: string): string {
  const path = pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((t) => (/^\d+$/.test(t) ? `[${t}]` : `.${t}`))
    .join('');
  return `services.${service.name}${path}`;
}

/** The first unset-variable entry at or below one of the pointers. */
function unsetUnder(service: ComposeService, pointers: string[]): { pointer: string; variables: string[] } | undefined {
  for (const [pointer, variables] of service.unresolved) {
    if (pointers.some((p) => pointer === p || pointer.startsWith(`${p}/`))) return { pointer, variables };
  }
  return undefined;
}

/** File and line of a service setting: the file of the first origin (the service, then what it extends) that writes it. */
export function locateIn(project: ComposeProject, service: ComposeService, pointer: string): FileLocation {
  const tokens = pointer.split('/').slice(1);
  for (let length = tokens.length; length >= 0; length--) {
    const path = tokens.slice(0, length);
    const origin = service.origins.find((o) => hasPath(o.raw, path));
    if (origin && (length > 0 || origin === service.origins[0])) {
      const full = `/services/${escapeToken(origin.service)}${path.length ? `/${path.join('/')}` : ''}`;
      const at = origin.locate(full);
      return { kind: 'file', file: origin.file, pointer: full, ...(at ? { line: at.line, column: at.column } : {}) };
    }
  }
  return { kind: 'file', file: project.file, pointer: `/services/${escapeToken(service.name)}` };
}

function hasPath(value: unknown, tokens: string[]): boolean {
  let node = value;
  for (const raw of tokens) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(token in (node as Record<string, unknown>))) return false;
    node = (node as Record<string, unknown>)[token];
  }
  return true;
}
