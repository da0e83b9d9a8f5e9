import { defineCheck } from '../../../core/runner/check.js';
import type { WfmContext } from '../context.js';
import { deployToFreshClient, fetchManifest } from '../support/desired-state.js';
import { answered, guarded } from '../support/findings.js';
import { schemaFindings } from '../support/schema-findings.js';

const REQUIREMENTS = ['API-008', 'DS-011', 'DS-012', 'DS-013', 'DS-016'];

export const manifestSchema = defineCheck<WfmContext>({
  id: 'wfm-api/manifest-schema',
  title: 'State Manifests match the edition schema, empty and with a deployment',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const empty = await fetchManifest(await context.newClient('api-008-empty'));
      const { client } = await deployToFreshClient(context, 'api-008');
      const deployed = await fetchManifest(client);
      return [empty, deployed].flatMap(({ response, value }) => schemaFindings(context, { kind: 'StateManifest', value, what: answered(response), exchange: response.exchange }));
    }),
});
