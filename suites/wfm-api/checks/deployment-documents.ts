import { parse } from 'yaml';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { deploymentPointers } from '../../../core/protocol/deployment-pointers.js';
import type { WfmContext } from '../context.js';
import { decodedBody } from '../support/bytes.js';
import { fetchContent } from '../support/content.js';
import { answered, fail, guarded } from '../support/findings.js';
import { valueAt } from '../support/json-pointer.js';
import { schemaFindings } from '../support/schema-findings.js';

const REQUIREMENTS = ['API-008', 'DS-018', 'DS-030', 'DS-031', 'DS-035', 'DS-036', 'DS-037'];

/** The ApplicationDeployment YAMLs a client receives: schema, ids, target device and application id. */
export const deploymentDocuments = defineCheck<WfmContext>({
  id: 'wfm-api/deployment-documents',
  title: 'Deployment YAMLs match the schema and carry the manifest deploymentId, the device and the application id',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const { contents, deployment } = await fetchContent(context, 'ds-018');
      const findings: Finding[] = [];
      for (const { label, deploymentId, response } of contents.filter((c) => c.kind === 'deployment')) {
        if (response.status !== 200) continue;
        let document: unknown;
        try {
          document = parse(decodedBody(response).toString('utf8'));
        } catch (cause) {
          findings.push(fail('API-008', `${answered(response)} (${label}) with a body that is not YAML: ${(cause as Error).message} (API-008).`, response.exchange));
          continue;
        }
        const what = `${answered(response)} (${label})`;
        findings.push(...schemaFindings(context, { kind: 'ApplicationDeployment', value: document, what, exchange: response.exchange }));
        // preview-1 accepts the prose shape and the 1.0.0 OpenAPI's (DS-035); each document is read in its own.
        const pointers = deploymentPointers(context.edition.api.deploymentDocument, document);
        const id = valueAt(document, pointers.idPointer);
        if (id !== deploymentId) {
          findings.push(fail('DS-018', `${what} with ${pointers.idPointer} ${JSON.stringify(id)}; the manifest lists it as ${JSON.stringify(deploymentId)} (DS-018). Use the same id in the manifest and the YAML.`, response.exchange));
        }
        const applicationId = valueAt(document, pointers.applicationIdPointer);
        if (applicationId !== deployment.applicationId) {
          findings.push(fail('DS-037', `${what} with ${pointers.applicationIdPointer} ${JSON.stringify(applicationId)}; expected the application id ${JSON.stringify(deployment.applicationId)} (DS-037). Copy the description's id.`, response.exchange));
        }
        // DS-030 (rc.3 only; the runner drops it elsewhere): each YAML names its target device.
        const deviceId = valueAt(document, '/metadata/deviceId');
        if (deviceId !== deployment.deviceId) {
          findings.push(fail('DS-030', `${what} with metadata.deviceId ${JSON.stringify(deviceId)}; expected the target device ${JSON.stringify(deployment.deviceId)} (DS-030). Name the device the deployment is for.`, response.exchange));
        }
      }
      return findings;
    }),
});
