import { defineCheck } from '../../../core/runner/check.js';
import type { DeviceContext } from '../context.js';
import { guarded } from '../support/findings.js';
import { expectRefusal } from '../support/refusal.js';
import { steady, withSession } from '../support/session-scope.js';

/** DS-024: YAMLs and bundle whose bytes no longer match their digests (a comment appended: still valid YAML, so only the digest shows it). */
export const digestMismatch = defineCheck<DeviceContext>({
  id: 'device-api/digest-mismatch',
  title: 'A document that does not match its digest is not used',
  requirements: ['DS-024'],
  run: (context) =>
    guarded(['DS-024'], () =>
      withSession(context, 'digest-mismatch', async (session) => {
        await steady(session, context.waitMs);
        session.mock.setHooks({ content: (bytes, request) => (request.route === 'deployment' ? Buffer.concat([bytes, Buffer.from('\n# tampered\n')]) : Buffer.concat([bytes, Buffer.from([0])])) });
        const deployment = await session.assign({ id: 'tampered', components: [{ name: 'only' }] });
        return expectRefusal(context, session, deployment, { requirement: 'DS-024', served: 'deployment documents whose bytes do not match their digests', fix: 'Verify every document against its digest before using it and keep the previous state.' });
      }),
    ),
});
