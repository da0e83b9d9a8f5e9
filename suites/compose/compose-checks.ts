import type { Check } from '../../core/runner/check.js';
import { archiveEscapes } from './checks/archive-escapes.js';
import { archiveLayout } from './checks/archive-layout.js';
import { archiveSpecialBits } from './checks/archive-special-bits.js';
import { componentAnnotations } from './checks/component-annotations.js';
import { componentManifest } from './checks/component-manifest.js';
import { composeSchema } from './checks/compose-schema.js';
import { noShippedMountSources } from './checks/no-shipped-mount-sources.js';
import { notComposePublish } from './checks/not-compose-publish.js';
import { referencedFilesInside } from './checks/referenced-files-inside.js';
import type { ComposeContext } from './compose-context.js';
import { composeRuleChecks } from './content-rule-checks.js';

/** The normative Compose Archive and component checks (CMP), in the order they run. */
export const ARCHIVE_CHECKS: readonly Check<ComposeContext>[] = [
  componentManifest,
  componentAnnotations,
  archiveLayout,
  composeSchema,
  referencedFilesInside,
  noShippedMountSources,
  archiveEscapes,
  archiveSpecialBits,
  notComposePublish,
];

/** Every check of the compose suite: the archive checks, then one per content rule. */
export function composeChecks(): Check<ComposeContext>[] {
  return [...ARCHIVE_CHECKS, ...composeRuleChecks()];
}
