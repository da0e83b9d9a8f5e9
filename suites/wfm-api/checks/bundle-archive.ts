import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { WfmContext } from '../context.js';
import { decodedBody, mediaTypeOf, sha256Digest } from '../support/bytes.js';
import { fetchContent } from '../support/content.js';
import { pathOfUrl } from '../support/desired-state.js';
import { answered, fail, guarded, passed } from '../support/findings.js';

const REQUIREMENTS = ['DS-013', 'DS-014'];

interface TarEntry {
  name: string;
  type: string;
  digest: string;
}

/** DS-013 (bundle Content-Type) and DS-014 (the archive root holds exactly the listed deployment YAMLs). */
export const bundleArchive = defineCheck<WfmContext>({
  id: 'wfm-api/bundle-archive',
  title: 'The bundle is served as the Margo bundle type and holds exactly the listed deployment YAMLs',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const { contents, deployment } = await fetchContent(context, 'ds-014');
      const bundle = contents.find((c) => c.kind === 'bundle');
      if (!bundle) return [fail('DS-014', 'The manifest of a client with a deployment has no bundle to fetch (DS-014). Offer a bundle whenever deployments is not empty.')];
      const { response } = bundle;
      if (response.status !== 200) return [fail('DS-014', `${answered(response)} for the bundle the manifest names; expected 200 (DS-014).`, response.exchange)];
      const findings: Finding[] = [];
      const expectedType = apiFacts(context.edition).bundleMediaType;
      // DS-013 holds for every representation: also the one a client asking Accept-Encoding: gzip gets (DS-023 lets the WFM code it).
      const coded = await deployment.client.call({ method: 'GET', path: pathOfUrl(bundle.url), headers: { 'accept-encoding': 'gzip' } });
      for (const [representation, served] of [['', response], [' to Accept-Encoding: gzip', coded]] as const) {
        if (served.status !== 200) continue; // the status of a content-addressed URL is DS-020's
        if (mediaTypeOf(served) !== expectedType) {
          findings.push(fail('DS-013', `${answered(served)}${representation} with Content-Type ${served.headers['content-type'] ?? '(none)'}${served.headers['content-encoding'] ? ` and Content-Encoding ${served.headers['content-encoding']}` : ''}; expected ${expectedType} (DS-013). Serve the bundle as ${expectedType}, whatever Content-Encoding is applied.`, served.exchange));
        }
      }
      const representations = [response, ...(coded.status === 200 ? [coded] : [])];
      let entries: TarEntry[];
      try {
        entries = await readTar(gunzipSync(decodedBody(response)));
      } catch (cause) {
        return [...findings, fail('DS-014', `${answered(response)} with a bundle that is not a gzip-compressed tar: ${(cause as Error).message} (DS-014).`, response.exchange)];
      }
      // Compared with the YAMLs as served (decoded), so a wrong manifest digest stays DS-015's finding.
      const expected = contents.filter((c) => c.kind === 'deployment' && c.response.status === 200).map((c) => sha256Digest(decodedBody(c.response))).sort();
      const problems: string[] = [];
      for (const entry of entries) {
        if (entry.type !== 'file') problems.push(`${entry.name} is a ${entry.type}, not a file`);
        else if (entry.name.includes('/')) problems.push(`${entry.name} is not at the archive root`);
        else if (!/\.ya?ml$/.test(entry.name)) problems.push(`${entry.name} is not a YAML file`);
        else if (!expected.includes(entry.digest)) problems.push(`${entry.name} is none of the listed deployments`);
      }
      const held = entries.map((e) => e.digest);
      const missing = expected.filter((digest) => !held.includes(digest));
      if (missing.length > 0) problems.push(`it lacks the deployment YAML with ${missing.join(', ')}`);
      if (problems.length > 0) {
        findings.push(fail('DS-014', `${answered(response)} with a bundle where ${problems.join('; ')} (DS-014). Put exactly the listed deployment YAMLs, byte for byte, at the archive root.`, response.exchange, { entries: entries.map((e) => e.name) }));
      }
      const decided = new Set(findings.map((f) => f.requirement));
      return [
        ...findings,
        ...(decided.has('DS-013') ? [] : passed(['DS-013'], `The bundle was served as ${expectedType} in each representation (${representations.map(answered).join('; ')}).`, representations)),
        ...(decided.has('DS-014') ? [] : passed(['DS-014'], `${answered(response)} with a bundle holding exactly the ${expected.length} listed deployment YAMLs.`, [response])),
      ];
    }),
});

function readTar(bytes: Buffer): Promise<TarEntry[]> {
  return new Promise((resolve, reject) => {
    const entries: TarEntry[] = [];
    const tar = extract();
    tar.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        entries.push({ name: header.name.replace(/^\.\//, ''), type: header.type ?? 'file', digest: sha256Digest(Buffer.concat(chunks)) });
        next();
      });
      stream.on('error', reject);
    });
    tar.on('finish', () => resolve(entries));
    tar.on('error', reject);
    tar.end(bytes);
  });
}
