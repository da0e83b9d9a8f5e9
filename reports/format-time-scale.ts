/**
 * The deadline scale a run used (`config.timeScale`, written by the device and WFM runners), as one line
 * for every renderer: "x2.5, calibrated (CPU probe 162 ms against 65 ms on the reference machine)".
 * Undefined for runs without deadlines (static commands).
 */
export function formatTimeScale(config: Record<string, unknown>): string | undefined {
  const scale = config['timeScale'];
  if (typeof scale !== 'object' || scale === null) return undefined;
  const { factor, source, probe } = scale as { factor?: unknown; source?: unknown; probe?: { medianMs?: unknown; referenceMs?: unknown } };
  if (typeof factor !== 'number') return undefined;
  const how = source === 'flag' ? 'given with --time-scale' : 'calibrated';
  const measured = probe && typeof probe.medianMs === 'number' && typeof probe.referenceMs === 'number' ? ` (CPU probe ${probe.medianMs} ms against ${probe.referenceMs} ms on the reference machine)` : '';
  return `x${factor}, ${how}${measured}`;
}
