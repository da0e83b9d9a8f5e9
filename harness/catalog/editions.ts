import type { EditionId } from './types.js';

/** The profile types a description may use, by what they deploy. */
export interface ProfileTypeNames {
  helm: string;
  compose: string;
  /** Only editions with custom deployment types (rc.3) name one. */
  custom?: string;
}

export interface Edition {
  id: EditionId;
  aliases: string[];
  title: string;
  /** Our JSON Schema for the ApplicationDescription of this edition, under `suites/package-format/schemas/`. */
  descriptionSchema: string;
  /** JSON Pointer to the application id inside the description. */
  applicationIdPointer: string;
  profileTypes: ProfileTypeNames;
  /** Whether `x-<name>-extensions` objects are defined in this edition. */
  extensions: boolean;
}

/**
 * The single table of edition differences. Checks read these facts; they never branch on the edition id.
 * preview-1 is the December 2025 Preview Release with its early-2026 fixes (RFC 9421, onboarding,
 * `clientId` paths); its description keeps the id under `metadata` and names Helm `helm.v3`.
 */
export const EDITIONS: Record<EditionId, Edition> = {
  '1.0.0-rc.3': {
    id: '1.0.0-rc.3',
    aliases: ['latest', 'rc.3', 'rc3'],
    title: 'Margo 1.0.0-rc.3 (mutual TLS with SPIFFE X.509-SVIDs)',
    descriptionSchema: 'application-description.rc3.schema.json',
    applicationIdPointer: '/id',
    profileTypes: { helm: 'helm', compose: 'compose', custom: 'custom' },
    extensions: true,
  },
  'preview-1': {
    id: 'preview-1',
    aliases: ['pr1', 'preview1'],
    title: 'Margo Preview Release 1 (RFC 9421 HTTP message signatures)',
    descriptionSchema: 'application-description.preview1.schema.json',
    applicationIdPointer: '/metadata/id',
    profileTypes: { helm: 'helm.v3', compose: 'compose' },
    extensions: false,
  },
};

export const DEFAULT_EDITION: EditionId = '1.0.0-rc.3';

/** Resolves a user-supplied edition name or alias; undefined when unknown. */
export function resolveEdition(name: string): Edition | undefined {
  const wanted = name.trim().toLowerCase();
  return Object.values(EDITIONS).find((edition) => edition.id === wanted || edition.aliases.includes(wanted));
}
