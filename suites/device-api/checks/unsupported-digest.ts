import { createHash } from 'node:crypto';
import { defineCheck } from '../../../core/runner/check.js';
import type { DeviceContext } from '../context.js';
import { guarded } from '../support/findings.js';
import { expectRefusal } from '../support/refusal.js';
import { steady, withSession } from '../support/session-scope.js';

/**
 * DS-025: every digest announced as `sha512:` with the true SHA-512 of the bytes, so only a device that
 * refuses the algorithm (not one that merely fails to verify) keeps away from the manifest.
 */
export const unsupportedDigest = defineCheck<DeviceContext>({
  id: 'device-api/unsupported-digest',
  title: 'A manifest with an unsupported digest algorithm is invalid as a whole',
  requirements: ['DS-025'],
  run: (context) =>
    guarded(['DS-025'], () =>
      withSession(context, 'unsupported-digest', async (session) => {
        const client = await steady(session, context.waitMs);
        const deployment = await session.assign({ id: 'sha512', components: [{ name: 'only' }] });
        const sha512 = new Map((await session.mock.operator.documents(client)).map((d) => [d.digest, `sha512:${createHash('sha512').update(d.bytes).digest('hex')}`]));
        const swap = (reference: Record<string, unknown>) => ({ ...reference, digest: sha512.get(String(reference['digest'])) ?? reference['digest'] });
        session.mock.setHooks({ manifest: (m) => ({ ...m, deployments: m.deployments.map(swap), bundle: m.bundle ? swap(m.bundle) : null }) });
        return expectRefusal(context, session, deployment, { requirement: 'DS-025', served: 'a manifest whose digests use sha512:', fix: 'Treat a manifest with a digest algorithm other than sha256 as invalid and apply nothing from it.' });
      }),
    ),
});
