/** Spec editions this tool certifies against. Their differences live in `editions.ts`, as data. */
export const EDITION_IDS = ['1.0.0-rc.3', 'preview-1'] as const;
export type EditionId = (typeof EDITION_IDS)[number];

export const KEYWORDS = ['MUST', 'MUST NOT', 'SHALL', 'SHALL NOT', 'SHOULD', 'SHOULD NOT', 'RECOMMENDED', 'MAY'] as const;
export type Keyword = (typeof KEYWORDS)[number];

/** `core` for MUST-level requirements (they decide the verdict), `extended` for SHOULD/MAY (warnings). */
export type Level = 'core' | 'extended';

/** Who a requirement binds: the thing the suite examines to decide it. */
export const SUBJECTS = ['package', 'wfm', 'device', 'registry', 'trust-bundle-server'] as const;
export type Subject = (typeof SUBJECTS)[number];

/**
 * How a requirement can be decided from outside.
 * - `static`: from files alone (a package, a Compose file).
 * - `black-box`: by talking to the running subject over its interfaces.
 * - `not-testable`: needs inspection, documentation review or information the spec leaves undefined.
 */
export const TESTABILITY = ['static', 'black-box', 'not-testable'] as const;
export type Testability = (typeof TESTABILITY)[number];

export interface Requirement {
  /** Stable ID, never reused: `<AREA>-<NNN>`. */
  id: string;
  keyword: Keyword;
  level: Level;
  /** Editions the requirement applies to; empty for historical rows kept for traceability. */
  editions: EditionId[];
  subjects: Subject[];
  testability: Testability;
  /** One line, in our own words. */
  summary: string;
  /** Document and section of the spec the requirement comes from. */
  specRef: string;
  /** The reading we chose where the spec is ambiguous, or why a row cannot be tested. */
  note?: string;
  /** Known errata of the official examples or schemas touching this requirement. */
  errata?: string[];
  /**
   * Steps of Margo's sandbox conformance kit (margo/sandbox `conformance/test-suites`, step ids) that our
   * checks of this row decide; msb-coverage.md maps each step. Lists which MSB steps a row covers.
   */
  msb?: string[];
}

export interface Area {
  /** ID prefix, e.g. `PKG`. */
  id: string;
  title: string;
}

export interface Catalog {
  areas: Area[];
  requirements: Requirement[];
}
