import { dirname, join } from 'node:path';
import type { FileLocation, Subject } from '../core/results/model.js';

/**
 * The file on disk a finding is about, as a path like the one the user gave: inside a package directory,
 * beside a lone Compose file or margo.yaml, or, for a file inside a tarball or OCI layout, the archive
 * itself with the entry named separately. A finding with no file points at the subject's main file.
 */
export function artifactOf(subject: Subject, file: FileLocation | undefined): { path: string; entry?: string } {
  switch (subject.format) {
    case 'directory':
      return { path: join(subject.location, file?.file ?? 'margo.yaml') };
    case 'file':
    case 'description':
      return { path: file ? join(dirname(subject.location), file.file) : subject.location };
    case 'oci-layout':
      return { path: join(subject.location, 'index.json'), ...(file ? { entry: file.file } : {}) };
    default:
      return { path: subject.location, ...(file ? { entry: file.file } : {}) };
  }
}
