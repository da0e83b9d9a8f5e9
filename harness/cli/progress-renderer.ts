import cliProgress from 'cli-progress';
import type { RunProgress } from '../../core/runner/run-progress.js';

/** `live`: one redrawn line on a terminal; `lines`: one plain line per finished group (CI); `off`: nothing (`--quiet`). */
export type ProgressMode = 'live' | 'lines' | 'off';

export interface ProgressRenderer {
  onProgress(event: RunProgress): void;
  /** Removes the live line (so the summary starts on a clean line); idempotent. */
  stop(): void;
}

export interface ProgressRendererOptions {
  mode: ProgressMode;
  /** What the run is, first on every line: "device-compose". */
  label: string;
  /** Plain-line output (mode `lines`). */
  write: (text: string) => void;
  /** The terminal the live line is drawn on (mode `live`). */
  stream?: NodeJS.WritableStream;
  /** @default performance.now */
  now?: () => number;
}

/** Terminal gets the live line, anything else plain lines, `--quiet` nothing. */
export function progressMode(options: { quiet: boolean; stream?: { isTTY?: boolean } }): ProgressMode {
  if (options.quiet) return 'off';
  return options.stream?.isTTY ? 'live' : 'lines';
}

/** Awaited text from a device under test can be long; the live line keeps to one terminal row. */
const AWAITED_MAX = 70;

export function createProgressRenderer(options: ProgressRendererOptions): ProgressRenderer {
  if (options.mode === 'off') return { onProgress: () => undefined, stop: () => undefined };
  return options.mode === 'live' ? liveRenderer(options) : linesRenderer(options);
}

function linesRenderer(options: ProgressRendererOptions): ProgressRenderer {
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  return {
    onProgress(event) {
      if (event.kind === 'start') {
        options.write(`${options.label}: ${event.total} check group(s); deadlines x${event.timeScale.factor} (${event.timeScale.source})\n`);
      } else if (event.kind === 'check-end') {
        const width = String(event.total).length;
        const elapsed = seconds(now() - startedAt);
        options.write(`${options.label} [${String(event.done).padStart(width)}/${event.total}] ${event.check}: ${event.outcome} (${event.requirements.join(', ')}) in ${seconds(event.durationMs)}, ${elapsed} elapsed\n`);
      }
    },
    stop: () => undefined,
  };
}

function liveRenderer(options: ProgressRendererOptions): ProgressRenderer {
  const bar = new cliProgress.SingleBar(
    {
      stream: options.stream,
      format: `${options.label} {bar} {value}/{total} | {running} | {awaited} | {duration_formatted}`,
      barsize: 20,
      hideCursor: true,
      clearOnComplete: true,
      linewrap: false,
      fps: 5,
      // The line is redrawn on a timer too, so elapsed time moves while a scenario waits.
      synchronousUpdate: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const running = new Set<string>();
  let started = false;
  let stopped = false;
  let finished = 0;
  const runningText = () => {
    const names = [...running].map((id) => id.split('/').pop() ?? id);
    return names.length === 0 ? (finished === 0 ? 'starting' : 'finishing') : names.length <= 2 ? names.join(', ') : `${names.slice(0, 2).join(', ')} +${names.length - 2}`;
  };
  return {
    onProgress(event) {
      if (stopped) return;
      if (event.kind === 'start') {
        bar.start(event.total, 0, { running: `deadlines x${event.timeScale.factor}`, awaited: 'calibrated' });
        started = true;
        return;
      }
      if (!started) return;
      if (event.kind === 'check-start') {
        running.add(event.check);
        bar.update({ running: runningText() });
      } else if (event.kind === 'await') {
        bar.update({ awaited: shorten(`${event.scenario}: ${event.what}`) });
      } else {
        running.delete(event.check);
        finished = event.done;
        bar.setTotal(event.total);
        bar.update(event.done, { running: runningText() });
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (started) bar.stop();
    },
  };
}

function shorten(text: string): string {
  // eslint-disable-next-line no-control-regex -- terminal control characters are never echoed
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ');
  return line.length <= AWAITED_MAX ? line : `${line.slice(0, AWAITED_MAX - 1)}…`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
