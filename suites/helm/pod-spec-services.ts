import { parseYaml } from '../../core/input/parse-yaml.js';
import { isRecord, type ComposeProject, type ComposeService } from '../compose/model/compose-project.js';

const POD_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/**
 * Presents each container of the rendered pod specs as a Compose service, so the same rules judge both:
 * hostNetwork -> network_mode host, hostPath volumes -> bind mounts, securityContext -> security_opt, user,
 * read_only, capabilities; resources.limits -> mem_limit and cpus; hostPort -> published ports.
 */
export function podSpecProject(rendered: string, file: string): ComposeProject {
  const services: ComposeService[] = [];
  for (const text of rendered.split(/^---\s*$/m)) {
    const doc = parseYaml(text).value;
    if (!isRecord(doc) || typeof doc.kind !== 'string' || !POD_PATHS[doc.kind]) continue;
    let pod: unknown = doc;
    for (const key of POD_PATHS[doc.kind] ?? []) pod = isRecord(pod) ? pod[key] : undefined;
    if (!isRecord(pod)) continue;
    const name = isRecord(doc.metadata) ? String(doc.metadata.name ?? '') : '';
    const containers = [...list(pod.initContainers), ...list(pod.containers)].filter(isRecord);
    for (const container of containers) services.push(containerService(`${doc.kind}/${name}/${String(container.name ?? '')}`, pod, container, file));
  }
  return { file, parsed: { value: undefined, problems: [], locate: () => undefined }, document: {}, services, volumes: {}, problems: [], unresolved: new Map() };
}

function containerService(name: string, pod: Record<string, unknown>, container: Record<string, unknown>, file: string): ComposeService {
  const podContext = isRecord(pod.securityContext) ? pod.securityContext : {};
  const context = isRecord(container.securityContext) ? container.securityContext : {};
  const pick = (key: string) => context[key] ?? podContext[key];
  const capabilities = isRecord(context.capabilities) ? context.capabilities : {};
  const hostPaths = new Map(list(pod.volumes).filter(isRecord).flatMap((v) => (isRecord(v.hostPath) ? [[String(v.name), String(v.hostPath.path)] as const] : [])));
  const securityOpt: string[] = [];
  const profile = (key: string) => (isRecord(pick(key)) ? (pick(key) as Record<string, unknown>).type : undefined);
  if (profile('seccompProfile') === 'Unconfined') securityOpt.push('seccomp=unconfined');
  if (profile('appArmorProfile') === 'Unconfined') securityOpt.push('apparmor=unconfined');
  if (context.allowPrivilegeEscalation === false) securityOpt.push('no-new-privileges:true');
  if (context.procMount === 'Unmasked') securityOpt.push('systempaths=unconfined');
  const selinux = isRecord(pick('seLinuxOptions')) ? (pick('seLinuxOptions') as Record<string, unknown>) : {};
  for (const field of ['user', 'role', 'type'] as const) if (typeof selinux[field] === 'string') securityOpt.push(`label=${field}:${selinux[field]}`);
  const limits = isRecord(container.resources) && isRecord(container.resources.limits) ? container.resources.limits : {};
  const runAsUser = pick('runAsUser');
  const config: Record<string, unknown> = {
    image: container.image,
    privileged: context.privileged === true,
    cap_add: list(capabilities.add),
    cap_drop: list(capabilities.drop),
    ...(pod.hostNetwork === true ? { network_mode: 'host' } : {}),
    ...(pod.hostPID === true ? { pid: 'host' } : {}),
    ...(pod.hostIPC === true ? { ipc: 'host' } : {}),
    security_opt: securityOpt,
    sysctls: Object.fromEntries(list(podContext.sysctls).filter(isRecord).map((s) => [String(s.name), String(s.value)])),
    ...(runAsUser !== undefined ? { user: String(runAsUser) } : pick('runAsNonRoot') === true ? { user: 'non-root' } : {}),
    read_only: context.readOnlyRootFilesystem === true,
    ...(limits.memory !== undefined ? { mem_limit: limits.memory } : {}),
    ...(limits.cpu !== undefined ? { cpus: limits.cpu } : {}),
    volumes: list(container.volumeMounts).filter(isRecord).flatMap((m) => (hostPaths.has(String(m.name)) ? [{ type: 'bind', source: hostPaths.get(String(m.name)), target: m.mountPath }] : [])),
    ports: list(container.ports).filter((p) => isRecord(p) && p.hostPort !== undefined).map((p) => {
      const port = p as Record<string, unknown>;
      return { target: port.containerPort, published: port.hostPort, ...(port.hostIP ? { host_ip: port.hostIP } : {}) };
    }),
    environment: Object.fromEntries(list(container.env).filter((e) => isRecord(e) && typeof e.value === 'string').map((e) => [String((e as Record<string, unknown>).name), (e as Record<string, unknown>).value])),
  };
  return { name, config, origins: [{ file, service: name, raw: {}, locate: () => undefined }], unresolved: new Map(), substituted: new Set() };
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
