/** Release numbers as Kubernetes writes them: "1.25", "v1.25.3", "1.36.0-rc.1". */

/** "v1.25.3" → "1.25"; undefined for anything that is not major.minor[.patch][-pre][+build]. */
export function minorOf(version: string): string | undefined {
  if (version.length > 64) return undefined;
  const m = /^v?(\d{1,4})\.(\d{1,4})(?:\.\d{1,6})?(?:[-+][0-9A-Za-z.+-]*)?$/.exec(version.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/** Orders two minors ("1.9" < "1.25"); unparsable ones sort first. */
export function compareMinors(a: string, b: string): number {
  const [aMajor = -1, aMinor = -1] = (minorOf(a) ?? '-1.-1').split('.').map(Number);
  const [bMajor = -1, bMinor = -1] = (minorOf(b) ?? '-1.-1').split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** The minor `steps` releases after (or, negative, before) `minor`, within major 1. */
export function minorPlus(minor: string, steps: number): string {
  const [major = 1, number = 0] = minor.split('.').map(Number);
  return `${major}.${number + steps}`;
}

/** How many minors `b` is after `a` (negative when before); undefined across majors or when unparsable. */
export function minorDistance(a: string, b: string): number | undefined {
  const pa = minorOf(a)?.split('.').map(Number);
  const pb = minorOf(b)?.split('.').map(Number);
  if (!pa || !pb || pa[0] !== pb[0]) return undefined;
  return pb[1]! - pa[1]!;
}
