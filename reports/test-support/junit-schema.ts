import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

let xsd: string | undefined;

/** The xmllint errors of a JUnit document against the Jenkins JUnit schema (fixtures/junit/jenkins-junit.xsd); [] when it validates. */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  xsd ??= readFileSync(new URL('../../fixtures/junit/jenkins-junit.xsd', import.meta.url), 'utf8');
  const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'jenkins-junit.xsd', contents: xsd }] });
  return result.errors.map((e) => e.rawMessage);
}
