/**
 * Colour, decided once from the environment (the only place that reads it):
 * NO_COLOR (any non-empty value) turns colour off, FORCE_COLOR turns it on (0/false off),
 * otherwise colour only on a terminal that is not "dumb". See https://no-color.org.
 */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY && env.TERM !== 'dumb';
}
