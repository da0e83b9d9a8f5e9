import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
let installed = false;

/**
 * Makes sure a launched child dies with the harness: on exit, and on SIGINT/SIGTERM of the harness
 * (after which the harness exits with the conventional code). Returns the release function.
 */
export function killOnExit(child: ChildProcess): () => void {
  install();
  children.add(child);
  return () => {
    children.delete(child);
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  const killAll = () => {
    for (const child of children) {
      if (child.pid === undefined) continue;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
    children.clear();
  };
  process.once('exit', killAll);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(code);
    });
  }
}
