/** A component of an ApplicationDeployment as the runtime receives it. */
export interface RuntimeComponent {
  name: string;
  /** The component's `properties` (repository, revision, wait, timeout, ...), as in the YAML. */
  properties: Record<string, unknown>;
  /** The component's `x-*-extensions` objects by member name (a Wasm component carries `x-wasm-conformance-extensions`). */
  extensions?: Record<string, unknown>;
}

/** The deployment a component belongs to. */
export interface RuntimeDeployment {
  deploymentId: string;
  /** Profile type as the edition names it (`helm`, `helm.v3`, `compose`, `custom`). */
  profileType: string;
  /** Parameters of the deployment, as in the YAML. */
  parameters: Record<string, unknown>;
}

/**
 * Where workloads actually run. The management client calls it one component at a time; `install`
 * resolves once the component is installed (Helm: release deployed; Compose: containers running) and
 * rejects with a short reason otherwise. The client enforces `timeout` by abandoning the promise and
 * passes `signal` so a runtime can stop work it no longer needs.
 */
export interface WorkloadRuntime {
  install(component: RuntimeComponent, deployment: RuntimeDeployment, signal: AbortSignal): Promise<void>;
  /** `signal` is aborted when the device stops; the removal may then end unfinished. */
  remove(component: RuntimeComponent, deployment: RuntimeDeployment, signal?: AbortSignal): Promise<void>;
  /** Stops whatever still runs (the device is stopping). */
  close?(): Promise<void>;
}
