import type { EditionId, Keyword, Level } from '../catalog/types.js';
import type { Outcome } from './outcome.js';

/** Where a finding points: a file inside the subject, with a JSON Pointer and line where known. */
export interface FileLocation {
  kind: 'file';
  /** Path relative to the package root (or the file name given on the command line). */
  file: string;
  /** RFC 6901 pointer into the parsed document. */
  pointer?: string;
  line?: number;
  column?: number;
}

/** One HTTP request and its response, secrets redacted and bodies truncated (management API suites). */
export interface HttpExchange {
  kind: 'http';
  /** The record's id in the run-wide traffic log, when it was logged there. */
  id?: string;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; body?: string; truncated?: boolean };
  /** Milliseconds since the run started. */
  at?: number;
  /** The HTTP version the response came over (`1.1`, `1.0`, `2.0`), as observed on the wire. */
  httpVersion?: string;
  /** Set when no response came: what happened instead (timeout, reset, TLS refusal). */
  error?: string;
}

export type Location = FileLocation | HttpExchange;

/**
 * One observation in the run-wide traffic log (`traffic.json` beside `results.json`): an HTTP exchange the
 * suite made or the mock WFM served, or a TLS handshake. Findings cite records by `id`.
 */
export type TrafficRecord = (HttpExchange | TlsHandshake) & {
  /** Stable within a run: `t-000001`, in the order observed. */
  id: string;
  /** The check or scenario during which it was observed. */
  check?: string;
};

/** A TLS handshake the suite made or served, as observed: who was presented and whether it completed. */
export interface TlsHandshake {
  kind: 'tls';
  /** The record's id in the run-wide traffic log, when it was logged there. */
  id?: string;
  /** `client` when the suite connected out, `server` when a device connected to the suite's mock. */
  role: 'client' | 'server';
  host: string;
  port: number;
  /** Milliseconds since the run started. */
  at?: number;
  protocol?: string;
  /** The peer certificate's URI SANs and subject, as presented. */
  peer?: { uris: string[]; dnsNames: string[]; subject?: string; fingerprint256?: string };
  /** `completed`, or why not (the kit refused the peer, the peer refused the kit, reset, timeout). */
  result: 'completed' | 'refused-by-kit' | 'refused-by-peer' | 'reset' | 'timeout' | 'error';
  detail?: string;
}

/** What a finding stands on: a record of the traffic log, or a place in a file of the subject. */
export type EvidenceRef = { kind: 'traffic'; id: string } | FileLocation;

/** What a check says about one requirement. Findings are data; `formatFinding` turns them into text. */
export interface Finding {
  /** The catalog ID this finding decides. */
  requirement: string;
  outcome: Outcome;
  message: string;
  location?: Location;
  /** Expected vs actual, or any small structured facts behind the message. */
  evidence?: Record<string, unknown>;
  /** The observations this finding stands on; a `pass` without any is turned into `error` by the runner. */
  observed?: EvidenceRef[];
}

/** One check's verdict on one requirement. */
export interface CheckResult {
  check: string;
  checkTitle: string;
  requirement: string;
  outcome: Outcome;
  /** One line: the first finding that decided the outcome, or why it passed or was skipped. */
  message: string;
  findings: Finding[];
  /** What the outcome stands on: every observation its findings cite. A `pass` always has at least one. */
  observed?: EvidenceRef[];
  durationMs: number;
}

/** A catalog row in scope for this run, with the outcome of every check that covered it. */
export interface RequirementResult {
  id: string;
  area: string;
  /** The area's title from the catalog, e.g. `Application package`. */
  areaTitle: string;
  keyword: Keyword;
  level: Level;
  /** The profile that raised this row to `core` for itself (`raise` in profiles/*.yaml); the catalog's level is lower. */
  raisedBy?: string;
  summary: string;
  specRef: string;
  note?: string;
  errata?: string[];
  /** Worst outcome of the checks below; `not-covered` when no check in this run decides it. */
  outcome: Outcome | 'not-covered';
  /** Why nothing covered it (not black-box testable, another profile, not yet implemented). */
  coverageNote?: string;
  /** `false` for a catalog row no black box can decide: listed, never counted against completeness. */
  testable?: false;
  /** Why the row does not apply to this product (an optional feature it does not claim): not counted against completeness. */
  notApplicable?: string;
  checks: string[];
  /** A short name (a Compose rule's title), for UIs that show rule names; renderers fall back to the check title. */
  title?: string;
  /** Rule-table facts of a security rule (the Compose MCS rules): severity, why it matters, how to fix it. */
  rule?: { severity: 'low' | 'medium' | 'high' | 'critical'; rationale: string; fix: string };
}

export type Verdict = 'conformant' | 'non-conformant' | 'error';

/**
 * How much of the claimed scope the run decided: core requirements a black box can decide (testable, applicable
 * to the claimed features) whose outcome is pass, fail or waived. `conformant` with `complete: false` is partial.
 */
export interface Completeness {
  /** Core, testable, applicable requirements that were decided (pass, fail or waived). */
  decided: number;
  /** Core, testable, applicable requirements that were not (skipped, not covered, indeterminate, error), sorted. */
  undecided: string[];
  complete: boolean;
}

/** What a vendor declares it submits for certification (`product.yaml`, harness/certify/product.schema.json). */
export interface ProductDeclaration {
  vendor: string;
  product: string;
  version: string;
  profile: string;
  edition: string;
  features: string[];
  contact: string;
  /** How the product is started: an image digest, a command, or the URL of a running instance. */
  launch?: { image?: string; command?: string; url?: string };
}

export interface Subject {
  kind: 'package' | 'wfm' | 'device' | 'compose';
  /** What the user pointed the tool at, as given. */
  location: string;
  /** How the input was read, e.g. `directory`, `tarball`, `description`, `oci-layout`. */
  format?: string;
  name?: string;
  version?: string;
  /** `sha256:` digest of the input where it has one (a file, or the OCI manifest). */
  digest?: string;
  /** Set when the run tested the bundled reference implementation (no --sut-*, --target or hand-started device). */
  reference?: true;
}

export interface RunError {
  message: string;
  /** Stack or cause chain, only for internal errors. */
  detail?: string;
}

export interface RunResults {
  format: 'margo-conformance-results';
  formatVersion: 1;
  tool: { name: string; version: string; commit?: string };
  run: {
    startedAt: string;
    finishedAt: string;
    durationMs: number;
    /** The exact command to reproduce this run. */
    command: string;
    node: string;
    platform: string;
  };
  edition: { id: EditionId; title: string };
  profile: { id: string; title: string; draft?: boolean };
  /** The configuration actually used, secrets redacted. */
  config: Record<string, unknown>;
  subject: Subject;
  /** The product declaration of a certification run (`certify --product`), shown at the top of every report. */
  product?: ProductDeclaration;
  verdict: Verdict;
  /** One sentence saying why the verdict is what it is. */
  verdictReason: string;
  /** Which core requirements the run decided; renderers show it next to the verdict. */
  completeness?: Completeness;
  summary: {
    checks: Record<Outcome, number>;
    requirements: Record<Level, Record<Outcome | 'not-covered', number>>;
    /** Extended-level (SHOULD/MAY) requirements that failed: warnings, never verdict-deciding. */
    warnings: number;
  };
  /** Sorted by requirement ID, then check ID. */
  results: CheckResult[];
  /** Every catalog requirement in scope for the profile and edition, sorted by ID. */
  requirements: RequirementResult[];
  errors: RunError[];
  /** The run-wide traffic log the evidence refers to; written as `traffic.json`, not inside results.json. */
  traffic?: TrafficRecord[];
  /** Where the traffic log was written, and how many records it holds (set by the report writer). */
  trafficLog?: { file: string; records: number };
  /**
   * A run over several packages (`package a b`, `package --recursive DIR`): each package's own results model,
   * in the order given. The top level then holds the worst verdict, summed counts, and no results of its own.
   */
  packages?: RunResults[];
  /** Load measurements of a run that imposes load (`fleet`): latency distributions, series over time, figures, objectives. */
  measurements?: Measurements;
}

/**
 * Measurements in a generic shape a report can draw without knowing what produced them. Histograms are
 * HDR histograms encoded (`hdr-histogram-js` compressed base64, values in microseconds), so results of
 * several shards merge exactly; series hold one point per bucket of `bucketMs`.
 */
export interface Measurements {
  bucketMs: number;
  histograms: MeasuredHistogram[];
  series: MeasuredSeries[];
  figures: MeasuredFigure[];
  /** Pass criteria given for the run (`--slo`), each decided against the figures above. */
  objectives: MeasuredObjective[];
  /** Sentences a reader must see beside the numbers (the load generator fell behind its schedule, ...). */
  notes: string[];
}

export interface MeasuredHistogram {
  /** e.g. `latency manifest`. */
  name: string;
  count: number;
  /** Milliseconds. */
  min: number;
  max: number;
  mean: number;
  percentiles: { p50: number; p90: number; p99: number; p999: number };
  /** The HDR histogram in microseconds, compressed base64. */
  encoded: string;
}

export interface MeasuredSeries {
  /** e.g. `requests`, `errors`, `429`, `latency p99`. */
  name: string;
  unit: string;
  /** How shards combine: points added, the larger kept, or per-bucket histograms merged (`histogram`). */
  aggregate: 'sum' | 'max' | 'histogram';
  points: number[];
  /** `histogram` series: each bucket's encoded HDR histogram (microseconds); `points` hold its p99 in ms. */
  buckets?: string[];
}

export interface MeasuredFigure {
  name: string;
  value: number;
  unit: string;
  /** How shards combine: added, the larger kept, or computed again from the others after merging. */
  aggregate: 'sum' | 'max' | 'derived';
}

export interface MeasuredObjective {
  /** As given: `p99`, `errors`. */
  id: string;
  target: string;
  actual: string;
  outcome: 'pass' | 'fail' | 'error';
  message: string;
}
