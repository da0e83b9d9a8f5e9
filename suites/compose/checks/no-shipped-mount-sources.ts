import { posix } from 'node:path';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import { notApplicable, type ComposeContext } from '../compose-context.js';
import { isRecord } from '../model/compose-project.js';
import { escapeToken } from '../model/interpolate.js';
import { serviceMounts } from '../model/volumes.js';

/** CMP-007: the archive ships neither the source of a relative bind mount nor a `secrets` file. */
export const noShippedMountSources = defineCheck<ComposeContext>({
  id: 'compose/no-shipped-mount-sources',
  title: 'Archive ships no bind-mount sources or secrets files',
  requirements: ['CMP-007'],
  run: ({ projects, archive }) => {
    if (!archive) return notApplicable('CMP-007', 'Not a Compose Archive (a lone Compose file was given), so its contents were not checked.');
    const shipped = (path: string) => {
      const normalized = posix.normalize(path);
      return [...archive.files.keys()].some((name) => name === normalized || name.startsWith(`${normalized}/`));
    };
    return projects.flatMap((project) => {
      const findings: Finding[] = [];
      const base = posix.dirname(project.file);
      const report = (pointer: string, text: string) => {
        const at = project.parsed.locate(pointer);
        findings.push({ requirement: 'CMP-007', outcome: 'fail', message: `${project.file}: ${text} (CMP-007). Remove it from the archive; provision it on the device at deployment.`, location: { kind: 'file', file: project.file, pointer, ...(at ? { line: at.line, column: at.column } : {}) } });
      };
      for (const service of project.services) {
        for (const mount of serviceMounts(service.config, project.volumes)) {
          if (mount.type !== 'bind' || !mount.source || !mount.source.startsWith('.')) continue;
          const path = posix.join(base, mount.source);
          if (shipped(path)) report(`/services/${escapeToken(service.name)}${mount.pointer}`, `services.${service.name} bind-mounts ${mount.source}, which the archive ships`);
        }
      }
      const secrets = isRecord(project.document) && isRecord(project.document.secrets) ? project.document.secrets : {};
      for (const [name, secret] of Object.entries(secrets)) {
        if (isRecord(secret) && typeof secret.file === 'string' && shipped(posix.join(base, secret.file))) {
          report(`/secrets/${escapeToken(name)}/file`, `secrets.${name}.file ${secret.file} is shipped in the archive`);
        }
      }
      return findings;
    });
  },
});
