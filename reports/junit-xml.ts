/** One `<testcase>`: at most one of failure, error and skipped, as JUnit consumers expect. */
export interface JunitCase {
  classname: string;
  name: string;
  time?: number;
  failure?: { message: string; type: string; stacktrace?: string };
  error?: { message: string; type: string; content?: string };
  skipped?: { message: string };
  systemOut?: string;
}

export interface JunitSuite {
  name: string;
  timestamp?: string;
  time?: number;
  properties: [name: string, value: string][];
  cases: JunitCase[];
  /** Nested suites (a requirement's suite inside its area's): the Jenkins JUnit schema allows them, as PHPUnit writes them. */
  suites?: JunitSuite[];
}

/**
 * The JUnit XML document (the Jenkins dialect CI systems read, fixtures/junit/jenkins-junit.xsd): counts on every suite, properties,
 * CDATA bodies. Written as strings in the layout xmlbuilder 15 gave it (two-space indent, `<x/>` when empty, a lone CDATA
 * body on the element's line): building its object tree made the report of a 1,000-package run cost as much as checking
 * the packages, most of it in garbage collection.
 */
export function junitXml(name: string, suites: JunitSuite[]): string {
  const rendered = suites.map((suite) => renderSuite(1, suite));
  const total = rendered.reduce((sum, { tally }) => add(sum, tally), newTally());
  // The root has no `skipped` in the Jenkins schema (fixtures/junit/jenkins-junit.xsd); each testsuite has.
  const root = startTag(0, 'testsuites', [['name', name], ['tests', total.tests], ['failures', total.failures], ['errors', total.errors]]);
  // The document ends at the root's closing tag, without a newline.
  const body = rendered.length === 0 ? '/>' : `>\n${rendered.map(({ xml }) => xml).join('')}</testsuites>`;
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + root + body;
}

type Attribute = [name: string, value: string | number | undefined];

interface Tally {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

const newTally = (): Tally => ({ tests: 0, failures: 0, errors: 0, skipped: 0 });

function add(sum: Tally, more: Tally): Tally {
  sum.tests += more.tests;
  sum.failures += more.failures;
  sum.errors += more.errors;
  sum.skipped += more.skipped;
  return sum;
}

/**
 * A testsuite as one string, with the counts of its cases and of its nested suites' cases. The body comes
 * first, so each count is taken once; a suite's pieces are joined at once and die young.
 */
function renderSuite(level: number, suite: JunitSuite): { xml: string; tally: Tally } {
  const tally = newTally();
  const body: string[] = [];
  if (suite.properties.length > 0) {
    open(body, level + 1, 'properties', [], false);
    for (const [name, value] of suite.properties) open(body, level + 2, 'property', [['name', name], ['value', value]], true);
    close(body, level + 1, 'properties');
  }
  for (const test of suite.cases) {
    addCase(body, level + 1, test);
    add(tally, { tests: 1, failures: test.failure ? 1 : 0, errors: test.error ? 1 : 0, skipped: test.skipped ? 1 : 0 });
  }
  for (const nested of suite.suites ?? []) {
    const inner = renderSuite(level + 1, nested);
    body.push(inner.xml);
    add(tally, inner.tally);
  }
  const start = startTag(level, 'testsuite', [
    ['name', suite.name],
    ['tests', tally.tests],
    ['failures', tally.failures],
    ['errors', tally.errors],
    ['skipped', tally.skipped],
    ['timestamp', suite.timestamp],
    ['time', suite.time],
  ]);
  const xml = body.length === 0 ? `${start}/>\n` : `${start}>\n${body.join('')}${'  '.repeat(level)}</testsuite>\n`;
  return { xml, tally };
}

function addCase(out: string[], level: number, test: JunitCase): void {
  // A testcase has no <properties> in the Jenkins schema: its requirement's data is on the suite around it.
  const empty = !test.failure && !test.error && !test.skipped && !test.systemOut;
  open(out, level, 'testcase', [['classname', test.classname], ['name', test.name], ['time', test.time]], empty);
  if (test.failure) leaf(out, level + 1, 'failure', [['message', test.failure.message], ['type', test.failure.type]], test.failure.stacktrace);
  if (test.error) leaf(out, level + 1, 'error', [['message', test.error.message], ['type', test.error.type]], test.error.content);
  if (test.skipped) leaf(out, level + 1, 'skipped', [['message', test.skipped.message]]);
  if (test.systemOut) leaf(out, level + 1, 'system-out', [], test.systemOut);
  if (!empty) close(out, level, 'testcase');
}

/** A start tag on its own line, or an empty element `<name .../>`. */
function open(out: string[], level: number, name: string, attributes: Attribute[], empty: boolean): void {
  out.push(startTag(level, name, attributes) + (empty ? '/>\n' : '>\n'));
}

function close(out: string[], level: number, name: string): void {
  out.push(`${'  '.repeat(level)}</${name}>\n`);
}

/** An element with at most a CDATA body, on one line; empty (`<name .../>`) when the body is empty or has no legal character. */
function leaf(out: string[], level: number, name: string, attributes: Attribute[], body?: string): void {
  const text = body ? cdata(body) : '';
  out.push(startTag(level, name, attributes) + (text ? `><![CDATA[${text}]]></${name}>\n` : '/>\n'));
}

/** The indented `<name a="v"` of a start tag, unterminated. Attributes without a value are left out. */
function startTag(level: number, name: string, attributes: Attribute[]): string {
  let tag = '  '.repeat(level) + '<' + name;
  for (const [key, value] of attributes) if (value !== undefined) tag += ` ${key}="${attributeValue(String(value))}"`;
  return tag;
}

// Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets), lone surrogates included. They are
// dropped before escaping, so that dropping one can never complete a `]]>` or break an entity.
const ILLEGAL = /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAY_BE_ILLEGAL = /[\0-\x08\x0B\f\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTRIBUTE_SPECIAL = /[&<"\t\n\r]/;
const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };

function legal(text: string): string {
  return MAY_BE_ILLEGAL.test(text) ? text.replace(ILLEGAL, '') : text;
}

/** As xmlbuilder escaped attribute values: `&`, `<`, `"` and the whitespace an attribute would normalise away. */
function attributeValue(text: string): string {
  const clean = legal(text);
  return ATTRIBUTE_SPECIAL.test(clean) ? clean.replace(/[&<"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!) : clean;
}

/** CDATA content: every `]]>` split across two sections, so hostile text cannot end the section and inject markup. */
function cdata(text: string): string {
  return legal(text).replaceAll(']]>', ']]]]><![CDATA[>');
}
