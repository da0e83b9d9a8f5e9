import { defineCheck } from '../../../core/runner/check.js';
import type { DeviceContext } from '../context.js';
import { guarded } from '../support/findings.js';
import { waitForState } from '../support/observations.js';
import { expectRefusal } from '../support/refusal.js';
import { steady, withSession } from '../support/session-scope.js';

/**
 * DS-026: after the device accepted manifestVersion V, a manifest with a new deployment is served as V
 * (equal is not strictly greater); the new deployment must not be applied.
 */
export const manifestRollback = defineCheck<DeviceContext>({
  id: 'device-api/manifest-rollback',
  title: 'A manifest whose manifestVersion is not greater than the accepted one is rejected',
  requirements: ['DS-026'],
  run: (context) =>
    guarded(['DS-026'], () =>
      withSession(context, 'manifest-rollback', async (session) => {
        const client = await steady(session, context.waitMs);
        const { traffic, operator } = session.mock;
        const first = await session.assign({ id: 'accepted', components: [{ name: 'only' }] });
        await waitForState(traffic, context.edition, first.deploymentId, 'installed', { timeoutMs: context.waitMs });
        const accepted = operator.manifestVersion(client);
        session.mock.setHooks({ manifest: (m) => ({ ...m, manifestVersion: accepted }) });
        const second = await session.assign({ id: 'replayed', components: [{ name: 'only' }] });
        return expectRefusal(context, session, second, { requirement: 'DS-026', served: `a changed manifest with manifestVersion ${accepted}, equal to the one already accepted`, fix: 'Apply a manifest only when its manifestVersion is strictly greater than the last accepted one.' });
      }),
    ),
});
