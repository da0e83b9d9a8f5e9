import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { UnsafeInputError, USER_FILE_LIMITS } from '../../../core/input/limits.js';
import { readFileBoundedSync } from '../../../core/input/read-file-bounded.js';
import { join } from 'node:path';
import type { WfmStateData } from './wfm-state-data.js';

const FILE_NAME = 'wfm-state.json';

/** Reads the persisted state of a state directory; undefined when none was written yet. */
export function readStateFile(stateDir: string): WfmStateData | undefined {
  let text: string;
  try {
    text = readFileBoundedSync(join(stateDir, FILE_NAME), { limit: USER_FILE_LIMITS.referenceState, what: 'reference WFM state' }).toString('utf8');
  } catch (cause) {
    if (cause instanceof UnsafeInputError) throw cause;
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read ${join(stateDir, FILE_NAME)}: ${(cause as Error).message}`, { cause });
  }
  try {
    return JSON.parse(text) as WfmStateData;
  } catch (cause) {
    throw new Error(`${join(stateDir, FILE_NAME)} is not valid JSON; remove it or point --state-dir elsewhere.`, { cause });
  }
}

/** Writes the state atomically: a temporary file renamed over the old one, so a crash never leaves half a file. */
export function writeStateFile(stateDir: string, data: WfmStateData): void {
  mkdirSync(stateDir, { recursive: true });
  const target = join(stateDir, FILE_NAME);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(temporary, target);
}
