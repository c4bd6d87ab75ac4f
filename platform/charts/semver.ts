/**
 * Helm's version rules, as its Go library (Masterminds semver) applies them: a chart version is
 * parsed leniently (`v1.2`, `1.2` pass) and is expected to be strict SemVer 2 (`1.2.0`);
 * `kubeVersion` and dependency versions are ranges (`>=1.22.0-0`, `^1.2 || ~2.0`, `1.0 - 2.0`).
 */

/** Longer texts are not versions; the cap also bounds the matching below. */
const MAX_LENGTH = 256;

const STRICT = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const LENIENT = /^v?\d+(?:\.\d+)?(?:\.\d+)?(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** SemVer 2 exactly: three numbers without leading zeros, optional pre-release and build. */
export function isStrictSemVer(text: string): boolean {
  return text.length <= MAX_LENGTH && STRICT.test(text);
}

/** What Helm loads at all (`semver.NewVersion`): a `v` prefix and missing minor or patch allowed. */
export function isLenientSemVer(text: string): boolean {
  return text.length <= MAX_LENGTH && LENIENT.test(text);
}

const WILDCARD_VERSION = String.raw`v?[0-9xX*]+(?:\.[0-9xX*]+)?(?:\.[0-9xX*]+)?(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?`;
const OPERATOR = String.raw`(?:!=|>=|=>|<=|=<|~>|>|<|=|~|\^)`;
const ITEM = String.raw`(?:${WILDCARD_VERSION}\s+-\s+${WILDCARD_VERSION}|${OPERATOR}?\s*${WILDCARD_VERSION})`;
// Items need a separator (a comma or spaces): without one, digits could split many ways and the match backtrack.
const AND_GROUP = new RegExp(String.raw`^\s*${ITEM}(?:\s*,\s*${ITEM}|\s+${ITEM})*\s*$`);

/** A version constraint Helm accepts (`semver.NewConstraint`): AND groups of comparisons joined by `||`. */
export function isSemVerRange(text: string): boolean {
  if (text.length > MAX_LENGTH || text.trim() === '') return false;
  return text.split('||').every((group) => AND_GROUP.test(group));
}
