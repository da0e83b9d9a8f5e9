/**
 * Whether the CLI colours its output: on a terminal, unless `NO_COLOR` is set (no-color.org); `FORCE_COLOR`
 * (any value but `0` or `false`, as Node and chalk read it) colours even a pipe, and wins over `NO_COLOR`.
 */
export function wantsColor(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}
