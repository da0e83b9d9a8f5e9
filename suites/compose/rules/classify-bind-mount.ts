import { hostPath, serviceMounts, type Mount } from '../model/volumes.js';
import type { ComposeProject, ComposeService } from '../model/compose-project.js';

export type BindClass = 'runtime-socket' | 'sensitive-path' | 'host-path';

const SOCKETS = /(^|\/)(docker|containerd|podman|crio|cri-dockerd|dockershim)\.sock$|^\/run\/(containerd|podman|crio|docker)(\/|$)|^\/var\/run\/(containerd|podman|crio|docker)(\/|$)/;

/** Host directories whose mounting exposes or changes the host system (CIS 5.5), with everything below them. */
const SENSITIVE = ['/', '/etc', '/proc', '/sys', '/dev', '/boot', '/root', '/run', '/var/run', '/usr', '/lib', '/lib64', '/bin', '/sbin', '/var/lib/docker', '/var/lib/containerd', '/var/log'];

/**
 * Each bind mount falls in exactly one class, so it is reported under exactly one rule: a runtime socket
 * (MCS-009), a sensitive host path (MCS-010), or any other host path (MCS-011).
 */
export function classifyBind(mount: Mount): BindClass {
  const path = hostPath(mount.source ?? '');
  if (SOCKETS.test(path)) return 'runtime-socket';
  if (SENSITIVE.some((dir) => path === dir || (dir !== '/' && path.startsWith(`${dir}/`)))) return 'sensitive-path';
  return 'host-path';
}

export function bindMountsOf(service: ComposeService, project: ComposeProject, wanted: BindClass): Mount[] {
  return serviceMounts(service.config, project.volumes).filter((m) => m.type === 'bind' && classifyBind(m) === wanted);
}
