import { MARGO_MEDIA_TYPES } from '../../../core/catalog/editions.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { DeviceContext } from '../context.js';
import { fail, guarded } from '../support/findings.js';
import { manifestPolls, requestLine } from '../support/observations.js';

const MANIFEST_MEDIA_TYPE = MARGO_MEDIA_TYPES.manifest;

/** The baseline's manifest polls: they repeat (DS-001) and ask for the Margo manifest type (DS-002). */
export const manifestPolling = defineCheck<DeviceContext>({
  id: 'device-api/manifest-polling',
  title: 'The device polls the state manifest repeatedly and asks for the Margo manifest media type',
  requirements: ['DS-001', 'DS-002'],
  run: (context) =>
    guarded(['DS-001', 'DS-002'], async () => {
      const { session } = await context.baseline();
      const polls = manifestPolls(session.mock.traffic);
      const findings: Finding[] = [];
      if (polls.length < 2) findings.push(fail('DS-001', `The device polled the state manifest ${polls.length} time(s) in the baseline scenario; expected repeated polls (DS-001).`));
      const bare = polls.find((poll) => !(poll.headers['accept'] ?? '').toLowerCase().includes(MANIFEST_MEDIA_TYPE));
      if (bare) findings.push(fail('DS-002', `${requestLine(bare)} sent Accept ${JSON.stringify(bare.headers['accept'] ?? null)}; expected ${MANIFEST_MEDIA_TYPE} (DS-002).`, bare));
      return findings;
    }),
});
