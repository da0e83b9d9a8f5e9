import { stringify } from 'yaml';
import type { Edition } from '../../../core/catalog/editions.js';
import { pointerTokens } from '../../../core/input/parse-yaml.js';
import type { DeploymentType } from '../context.js';

/** How a simulated component behaves (reference/device/README.md: simulated runtime hosts). */
export type ComponentPlan = 'quick' | 'slow' | 'fails';

export interface TestComponent {
  name: string;
  plan?: ComponentPlan;
  /** The component's `repository`, instead of a simulated-runtime host (a Wasm artifact in the scenario's OCI registry). */
  repository?: string;
  /** Extra component members, e.g. `x-acme-extensions`. */
  extra?: Record<string, unknown>;
}

export interface TestApplication {
  /** Lower-case id, unique within a session. */
  id: string;
  components: TestComponent[];
  /** rc.3 `deviceConstraints.eligibilityRules`. */
  eligibilityRules?: unknown[];
  /** Extra profile members, e.g. `x-acme-extensions`. */
  profileExtra?: Record<string, unknown>;
  /** One parameter targeting every component, so an update changes the deployment. */
  withParameter?: boolean;
}

/** How long a `slow` component takes to install: long enough to see installing in a status report. */
export const SLOW_INSTALL_MS = 150;

const HOSTS: Record<ComponentPlan, string> = {
  quick: 'quick.sim.margo.test',
  slow: `slow.sim.margo.test/${SLOW_INSTALL_MS}ms`,
  fails: 'install-fails.sim.margo.test',
};

/**
 * A component whose install (`install`) or removal (`removal`) lasts `ms` in the simulated runtime
 * (reference/device/README.md: `slow` and `slow-removal` hosts), long enough for a restart to land in its middle.
 */
export function lastingComponent(name: string, step: 'install' | 'removal', ms: number): TestComponent {
  return { name, repository: `oci://${step === 'install' ? 'slow' : 'slow-removal'}.sim.margo.test/${Math.ceil(ms)}ms/${name}` };
}

/** The profile id of an application's single profile. */
export const profileIdOf = (application: TestApplication): string => `${application.id}-profile`;

/**
 * An ApplicationDescription of the edition with one profile of the given deployment type; components
 * point at simulated-runtime hosts. The id goes to the edition's `applicationIdPointer`.
 */
export function descriptionYaml(edition: Edition, deploymentType: DeploymentType, application: TestApplication): string {
  const profileType = edition.profileTypes[deploymentType];
  if (profileType === undefined) throw new Error(`${edition.id} has no ${deploymentType} deployment type.`);
  const description: Record<string, unknown> = {
    apiVersion: 'margo.org/v1-alpha1',
    kind: 'ApplicationDescription',
    metadata: { name: application.id, version: '1.0.0' },
    deploymentProfiles: [
      {
        type: profileType,
        id: profileIdOf(application),
        components: application.components.map((component) => ({
          name: component.name,
          properties: { repository: component.repository ?? `oci://${HOSTS[component.plan ?? 'quick']}/${deploymentType}/${component.name}`, revision: '1.0.0', wait: true },
          ...component.extra,
        })),
        ...(application.eligibilityRules ? { deviceConstraints: { eligibilityRules: application.eligibilityRules } } : {}),
        ...application.profileExtra,
      },
    ],
    parameters: application.withParameter
      ? { revisionLabel: { value: 'first', targets: [{ pointer: 'label', components: application.components.map((c) => c.name) }] } }
      : {},
  };
  setAt(description, edition.applicationIdPointer, application.id);
  return stringify(description);
}

function setAt(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const tokens = pointerTokens(pointer);
  let node = target;
  for (const token of tokens.slice(0, -1)) {
    if (typeof node[token] !== 'object' || node[token] === null) node[token] = {};
    node = node[token] as Record<string, unknown>;
  }
  node[tokens.at(-1) as string] = value;
}
