import type { Keyword, Level } from './types.js';

/** MUST-level keywords decide the verdict; everything else is advice reported as a warning. */
export function levelOf(keyword: Keyword): Level {
  return keyword === 'MUST' || keyword === 'MUST NOT' || keyword === 'SHALL' || keyword === 'SHALL NOT' ? 'core' : 'extended';
}

export function areaOf(requirementId: string): string {
  return requirementId.slice(0, requirementId.lastIndexOf('-'));
}
