import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { fromPackageRoot } from '../../../core/package-root.js';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { apiFacts } from '../../../core/protocol/api-facts.js';
import type { DeviceClient, WfmContext } from '../context.js';
import { fetchManifest, SetupError } from '../support/desired-state.js';
import { errorFindings, fail, guarded, requestLine, skip } from '../support/findings.js';

const REQUIREMENTS = ['CAP-010', 'DS-033', 'DS-034'];
const DEVICE_ID = 'device-1';

/** A candidate device: what it reports beside the suite's hosting-device body. */
interface Candidate {
  cpus?: { cores: number; architecture: string }[];
  memory?: string;
  storage?: string;
  labels: Record<string, string>;
}

const CANDIDATES = {
  fits: { labels: { env: 'prod', tier: 'edge' } },
  splitCores: { cpus: [{ cores: 2, architecture: 'amd64' }, { cores: 2, architecture: 'amd64' }], labels: { env: 'prod', tier: 'edge' } },
  otherCase: { labels: { env: 'Prod', tier: 'edge' } },
  test: { labels: { env: 'test', tier: 'edge' } },
  noTier: { labels: { env: 'prod' } },
  arm: { cpus: [{ cores: 4, architecture: 'arm64' }], labels: { env: 'prod', tier: 'edge' } },
  smallMemory: { memory: '1024Mi', labels: { env: 'prod', tier: 'edge' } },
  bigStorage: { storage: '2Ti', labels: { env: 'prod', tier: 'edge' } },
} satisfies Record<string, Candidate>;
type CandidateName = keyof typeof CANDIDATES;

const label = (key: string, ...values: string[]) => ({ key, operator: 'In', values });

interface Row {
  requirement: string;
  what: string;
  deviceConstraints: Record<string, unknown>;
  /** Offered in this order; the first is the one a wrong matcher takes. */
  candidates: [CandidateName, CandidateName];
  expected: CandidateName;
}

/** One deployment per row, two candidates each: the first fits only under a wrong reading, the second is the right one. */
const ROWS: Row[] = [
  { requirement: 'CAP-010', what: '3 cores against cpus entries of 2 and 2', deviceConstraints: { capacityRequirements: { cpu: { cores: 3 } } }, candidates: ['splitCores', 'fits'], expected: 'fits' },
  // The hosting body reports memory 8Gi and storage 64Gi; amounts compare in bytes, units included.
  { requirement: 'DS-033', what: 'memory 2Gi against a device reporting 1024Mi', deviceConstraints: { capacityRequirements: { memory: '2Gi' } }, candidates: ['smallMemory', 'fits'], expected: 'fits' },
  { requirement: 'DS-033', what: 'storage 1Ti against a device reporting 64Gi', deviceConstraints: { capacityRequirements: { storage: '1Ti' } }, candidates: ['fits', 'bigStorage'], expected: 'bigStorage' },
  { requirement: 'DS-033', what: 'env In [prod] against a device labelled env=test', deviceConstraints: { eligibilityRules: [{ labelSelector: { matchExpressions: [label('env', 'prod')] } }] }, candidates: ['test', 'fits'], expected: 'fits' },
  { requirement: 'DS-034', what: 'env In [prod] against env=Prod (values are case-sensitive)', deviceConstraints: { eligibilityRules: [{ labelSelector: { matchExpressions: [label('env', 'prod')] } }] }, candidates: ['otherCase', 'fits'], expected: 'fits' },
  { requirement: 'DS-034', what: 'env In [prod] AND tier In [edge] against a device without tier (AND within a rule)', deviceConstraints: { eligibilityRules: [{ labelSelector: { matchExpressions: [label('env', 'prod'), label('tier', 'edge')] } }] }, candidates: ['noTier', 'fits'], expected: 'fits' },
  { requirement: 'DS-034', what: 'env In [test] OR env In [qa] (OR across rules)', deviceConstraints: { eligibilityRules: [{ labelSelector: { matchExpressions: [label('env', 'test')] } }, { labelSelector: { matchExpressions: [label('env', 'qa')] } }] }, candidates: ['fits', 'test'], expected: 'test' },
  { requirement: 'DS-034', what: '/cpus/0/architecture In [arm64] (property keys are JSON Pointers)', deviceConstraints: { eligibilityRules: [{ propertySelector: { matchExpressions: [{ key: '/cpus/0/architecture', operator: 'In', values: ['arm64'] }] } }] }, candidates: ['fits', 'arm'], expected: 'arm' },
];

/**
 * CAP-010, DS-033, DS-034 (rc.3, WFMs that place deployments themselves): through the control adapter's
 * `place-deployment`, the WFM chooses between two devices that reported capabilities, one of which fits
 * only under a wrong reading (cores summed across cpus entries, memory or storage compared without their
 * units or not at all, eligibility ignored, values compared
 * without case, AND/OR swapped, property keys not read as JSON Pointers). The State Manifests show where
 * it went: the right device lists the deployment and the other does not.
 */
export const placement = defineCheck<WfmContext>({
  id: 'wfm-api/placement',
  title: 'The WFM places a deployment only on a device whose single CPU, memory, storage and eligibility rules fit it',
  requirements: REQUIREMENTS,
  run: (context) =>
    guarded(REQUIREMENTS, async () => {
      const rows = ROWS.filter((row) => context.scope.has(row.requirement));
      if (rows.length === 0) return [];
      if (!(await context.control.operations()).has('place-deployment')) {
        return skip(REQUIREMENTS, 'Not decided: the control adapter does not offer place-deployment, and these rules bind a WFM that places deployments itself. Add POST /placements to the adapter if yours does.');
      }
      const devices = new Map<CandidateName, DeviceClient>();
      for (const name of new Set(rows.flatMap((row) => row.candidates))) devices.set(name, await reportCandidate(context, name, CANDIDATES[name]));
      const findings: Finding[] = [];
      for (const [index, row] of rows.entries()) {
        const { applicationId, profileId } = await loadConstrained(context, index, row.deviceConstraints);
        const candidates = row.candidates.map((name) => ({ client: (devices.get(name) as DeviceClient).ref, deviceId: DEVICE_ID }));
        const placed = await context.control.placeDeployment({ candidates, applicationId, profileId });
        if (!placed) {
          findings.push(...errorFindings([row.requirement], `The WFM placed the deployment for ${row.what} nowhere (409), although the device "${row.expected}" fits it, so the row could not be decided.`));
          continue;
        }
        const listed = async (name: CandidateName) => {
          const manifest = await fetchManifest(devices.get(name) as DeviceClient);
          return { manifest, has: (manifest.value.deployments ?? []).some((ref) => ref.deploymentId === placed.deploymentId) };
        };
        const [wrong, right] = [row.candidates.find((name) => name !== row.expected) as CandidateName, row.expected];
        const [onWrong, onRight] = [await listed(wrong), await listed(right)];
        if (onWrong.has) {
          findings.push(fail(row.requirement, `${requestLine(onWrong.manifest.response.exchange)} lists deployment ${placed.deploymentId} placed for ${row.what}: the WFM put it on a device that does not fit (${row.requirement}).`, onWrong.manifest.response.exchange));
        } else if (!onRight.has) {
          throw new SetupError(`The WFM reported placing deployment ${placed.deploymentId} on ${placed.client}, but neither candidate's State Manifest lists it`, onRight.manifest.response.exchange);
        }
      }
      return findings;
    }),
});

/** A fresh client whose one device reports the suite's hosting body with the candidate's cpus and labels. */
async function reportCandidate(context: WfmContext, name: string, candidate: Candidate): Promise<DeviceClient> {
  const client = await context.newClient(`placement-${name}`);
  const body = apiFacts(context.edition).capabilities(DEVICE_ID);
  const { labels, ...reported } = candidate;
  const properties = { ...(body['properties'] as Record<string, unknown>), ...reported };
  const response = await client.call({ method: context.edition.api.capabilities.create.method, endpoint: 'capabilities', params: { deviceId: DEVICE_ID }, json: { ...body, properties, labels } });
  if (response.status < 200 || response.status > 299) throw new SetupError(`Reporting the capabilities of candidate ${name} failed with ${response.status}`, response.exchange);
  return client;
}

/** The example application under a fresh id, its first profile constrained as the row says. */
async function loadConstrained(context: WfmContext, index: number, deviceConstraints: Record<string, unknown>): Promise<{ applicationId: string; profileId: string }> {
  const description = parse(readFileSync(fromPackageRoot(apiFacts(context.edition).packageFixture), 'utf8')) as { id: string; deploymentProfiles: { id: string; deviceConstraints?: unknown }[] };
  const profile = description.deploymentProfiles[0] as { id: string; deviceConstraints?: unknown };
  profile.deviceConstraints = deviceConstraints;
  description.id = `placement-${index + 1}-${context.runId}`.toLowerCase();
  const { applicationId } = await context.control.loadPackage(stringify(description));
  return { applicationId, profileId: profile.id };
}
