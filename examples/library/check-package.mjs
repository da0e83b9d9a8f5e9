// Check one application package with the library and write its JSON, JUnit and SARIF reports.
// Usage: node examples/library/check-package.mjs <package-dir> <out-dir>
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exitCodeFor, renderJson, renderJunit, renderSarif, runPackage } from 'margo-conformance';

const [path = 'fixtures/packages/rc3/valid/line-monitor', out = 'conformance-report'] = process.argv.slice(2);

const results = await runPackage({ path, edition: 'latest' }); // an edition by id or alias; the default is latest
await mkdir(out, { recursive: true });
await writeFile(join(out, 'results.json'), renderJson(results));
await writeFile(join(out, 'junit.xml'), renderJunit(results));
await writeFile(join(out, 'results.sarif'), renderSarif(results)); // URIs relative to the working directory

for (const row of results.requirements.filter((r) => r.outcome === 'fail')) console.log(`${row.id} ${row.level} ${row.summary}`);
console.log(`${results.verdict}: ${results.verdictReason}`);
process.exitCode = exitCodeFor(results.verdict);
