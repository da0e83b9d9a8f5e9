import type { ComposeProject, ComposeService } from '../model/compose-project.js';

/** One setting of one service that breaks a rule. */
export interface Violation {
  /** Pointer relative to the service (`/cap_add/0`); `''` when the service lacks a setting. */
  pointer: string;
  /** The rest of the sentence after `services.<name>.<path>`: `is true`, `mounts /var/run/docker.sock`. */
  says: string;
  evidence?: Record<string, unknown>;
}

/** A rule's logic: a plain function of one resolved service. Its facts (level, fix, PSS, CIS) are in rules.yaml. */
export type RuleEvaluator = (service: ComposeService, project: ComposeProject) => Violation[];

/** Compose's boolean casting after interpolation: `true`, `"true"`, `"yes"`, `"on"`, `"y"`. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && ['true', 'yes', 'on', 'y'].includes(value.toLowerCase()));
}

export interface SecurityOpt {
  key: string;
  value: string;
  pointer: string;
}

/** `security_opt` entries split into key and value; Docker accepts both `key:value` and `key=value`. */
export function securityOpts(config: Record<string, unknown>): SecurityOpt[] {
  const options = Array.isArray(config.security_opt) ? config.security_opt : [];
  return options.flatMap((option, index) => {
    if (typeof option !== 'string') return [];
    const match = /^([a-z-]+)(?:[:=](.*))?$/i.exec(option.trim());
    return match ? [{ key: (match[1] ?? '').toLowerCase(), value: match[2] ?? '', pointer: `/security_opt/${index}` }] : [];
  });
}

/** `CAP_SYS_ADMIN`, `sys_admin` and `SYS_ADMIN` name the same capability. */
export function capabilityName(value: unknown): string {
  return String(value).trim().toUpperCase().replace(/^CAP_/, '');
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
