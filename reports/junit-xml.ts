import xmlbuilder from 'xmlbuilder';

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
 * CDATA bodies. Written with xmlbuilder directly: the wrapper library we used loaded all of lodash, which
 * cost a short run a quarter of its start-up.
 */
export function junitXml(name: string, suites: JunitSuite[]): string {
  const all = suites.flatMap(casesOf);
  const root = xmlbuilder.create('testsuites', { encoding: 'UTF-8', invalidCharReplacement: '' });
  root.att('name', name);
  // The root has no `skipped` in the Jenkins schema (fixtures/junit/jenkins-junit.xsd); each testsuite has.
  counts(all)
    .filter(([key]) => key !== 'skipped')
    .forEach(([key, value]) => root.att(key, value));
  for (const suite of suites) addSuite(root, suite);
  return root.end({ pretty: true });
}

function addSuite(parent: xmlbuilder.XMLElement, suite: JunitSuite): void {
  const element = parent.ele('testsuite', {
    name: suite.name,
    ...Object.fromEntries(counts(casesOf(suite))),
    ...(suite.timestamp !== undefined ? { timestamp: suite.timestamp } : {}),
    ...(suite.time !== undefined ? { time: suite.time } : {}),
  });
  addProperties(element, suite.properties);
  for (const test of suite.cases) addCase(element, test);
  for (const nested of suite.suites ?? []) addSuite(element, nested);
}

/** Every testcase of a suite and of the suites nested in it. */
function casesOf(suite: JunitSuite): JunitCase[] {
  return [...suite.cases, ...(suite.suites ?? []).flatMap(casesOf)];
}

function counts(cases: JunitCase[]): [string, number][] {
  return [
    ['tests', cases.length],
    ['failures', cases.filter((c) => c.failure).length],
    ['errors', cases.filter((c) => c.error).length],
    ['skipped', cases.filter((c) => c.skipped).length],
  ];
}

function addProperties(element: xmlbuilder.XMLElement, properties: [string, string][] | undefined): void {
  if (!properties?.length) return;
  const holder = element.ele('properties');
  for (const [name, value] of properties) holder.ele('property', { name, value });
}

function addCase(suite: xmlbuilder.XMLElement, test: JunitCase): void {
  // A testcase has no <properties> in the Jenkins schema: its requirement's data is on the suite around it.
  const element = suite.ele('testcase', { classname: test.classname, name: test.name, ...(test.time !== undefined ? { time: test.time } : {}) });
  if (test.failure) {
    const failure = element.ele('failure', { message: test.failure.message, type: test.failure.type });
    if (test.failure.stacktrace) failure.cdata(cdataSafe(test.failure.stacktrace));
  }
  if (test.error) {
    const error = element.ele('error', { message: test.error.message, type: test.error.type });
    if (test.error.content) error.cdata(cdataSafe(test.error.content));
  }
  if (test.skipped) element.ele('skipped', { message: test.skipped.message });
  if (test.systemOut) element.ele('system-out').cdata(cdataSafe(test.systemOut));
}

/**
 * xmlbuilder 15 splits only the first `]]>` inside CDATA (`String.replace` with a string), so a hostile
 * message with two of them could end the section early and inject markup. Split every later one here;
 * xmlbuilder then splits the first.
 */
function cdataSafe(text: string): string {
  const first = text.indexOf(']]>');
  if (first < 0) return text;
  return text.slice(0, first + 3) + text.slice(first + 3).replaceAll(']]>', ']]]]><![CDATA[>');
}
