import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProductDeclaration, RunResults } from '../../core/results/model.js';
import { bundleContent } from './bundle-content.js';
import { sealBundle, writeBundle } from './bundle-files.js';
import type { SigningKey } from './sign-statement.js';

export const PUBLIC_KEY_FILE = 'signing-key.pub.pem';

/**
 * Why results are not a certification result, one line each (empty when they are): the declared profile and
 * edition must be the ones run, core requirements must not be waived, and only the declared features claimed.
 */
export function certificationRefusals(results: RunResults, product: ProductDeclaration): string[] {
  const refusals: string[] = [];
  if (results.profile.id !== product.profile) refusals.push(`the run is of profile ${results.profile.id}, the product declares ${product.profile}`);
  if (results.edition.id !== product.edition) refusals.push(`the run is of edition ${results.edition.id}, the product declares ${product.edition}`);
  const waived = results.requirements.filter((r) => r.level === 'core' && r.outcome === 'waived').map((r) => r.id);
  if (waived.length > 0) refusals.push(`core requirements ${waived.join(', ')} are waived; a certification run waives no core requirement`);
  if (results.config['only'] !== undefined) refusals.push('the run was narrowed with --only; a certification run decides the full profile');
  const claimed = Array.isArray(results.config['features']) ? (results.config['features'] as string[]) : [];
  if ([...claimed].sort().join(',') !== [...product.features].sort().join(',')) refusals.push(`the run claimed features [${claimed.join(', ')}], the product declares [${product.features.join(', ')}]`);
  return refusals;
}

/** Adds the product to the results, writes the signed bundle (directory and .tar.gz) and, for a generated key, its public half. */
export async function writeCertification(options: { results: RunResults; product: ProductDeclaration; productSource: string; key: SigningKey; out: string; sutLogs?: string; now?: Date }) {
  const results: RunResults = { ...options.results, product: options.product };
  const files = await sealBundle(bundleContent(results, options.productSource, options.sutLogs), options.key, results, options.now);
  const written = await writeBundle(files, options.out);
  let publicKey: string | undefined;
  if (options.key.generated) {
    publicKey = join(options.out, PUBLIC_KEY_FILE);
    await writeFile(publicKey, options.key.publicKeyPem);
  }
  return { ...written, results, ...(publicKey ? { publicKey } : {}) };
}
