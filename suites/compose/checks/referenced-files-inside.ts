import { posix } from 'node:path';
import { defineCheck } from '../../../core/runner/check.js';
import type { Finding } from '../../../core/results/model.js';
import type { ComposeContext } from '../compose-context.js';
import { isRecord, type ComposeProject } from '../model/compose-project.js';
import { escapeToken } from '../model/interpolate.js';

/**
 * CMP-006: every `env_file` and file-based `configs` entry is a relative path that stays in the project
 * directory and, for an archive, is in it. Checked on a lone Compose file too, except for presence.
 */
export const referencedFilesInside = defineCheck<ComposeContext>({
  id: 'compose/referenced-files-inside',
  title: 'env_file and configs files are inside the archive',
  requirements: ['CMP-006'],
  run: ({ projects, archive }) =>
    projects.flatMap((project) =>
      referencedFiles(project).flatMap(({ path, pointer, what }): Finding[] => {
        const normalized = posix.normalize(posix.join(posix.dirname(project.file), path));
        const leaves = path.startsWith('/') || path.startsWith('~') || /^[A-Za-z]:/.test(path) || normalized === '..' || normalized.startsWith('../');
        const missing = !leaves && archive !== undefined && !archive.files.has(normalized);
        if (!leaves && !missing) return [];
        const at = project.parsed.locate(pointer);
        return [{
          requirement: 'CMP-006',
          outcome: 'fail',
          message: leaves
            ? `${project.file}: ${what} is "${path}", which leaves the archive's top directory (CMP-006). Move the file into the archive and use a relative path.`
            : `${project.file}: ${what} is "${path}", which is not in the archive (CMP-006). Add the file to the archive.`,
          location: { kind: 'file', file: project.file, pointer, ...(at ? { line: at.line, column: at.column } : {}) },
        }];
      }),
    ),
});

function referencedFiles(project: ComposeProject): { path: string; pointer: string; what: string }[] {
  const out: { path: string; pointer: string; what: string }[] = [];
  const document = isRecord(project.document) ? project.document : {};
  for (const service of project.services) {
    const raw = service.config.env_file;
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    list.forEach((entry, index) => {
      const path = typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.path === 'string' ? entry.path : undefined;
      const required = !(isRecord(entry) && (entry.required === false || entry.required === 'false'));
      const pointer = `/services/${escapeToken(service.name)}/env_file${Array.isArray(raw) ? `/${index}` : ''}`;
      if (path !== undefined && required) out.push({ path, pointer, what: `services.${service.name}.env_file` });
    });
  }
  const configs = isRecord(document.configs) ? document.configs : {};
  for (const [name, config] of Object.entries(configs)) {
    if (isRecord(config) && typeof config.file === 'string') out.push({ path: config.file, pointer: `/configs/${escapeToken(name)}/file`, what: `configs.${name}.file` });
  }
  return out;
}
