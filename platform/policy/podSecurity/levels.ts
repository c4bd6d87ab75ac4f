/**
 * Pod Security levels and policy versions, and how a namespace's labels become the policy the
 * PodSecurity admission plugin evaluates (enforce, warn, audit), with its exact parsing rules.
 */

export type Level = 'privileged' | 'baseline' | 'restricted';
export const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];

/** A policy version: a minor of Kubernetes 1.x, or `latest` (newer than any). */
export type PolicyVersion = { readonly minor: number } | 'latest';

export interface LevelVersion {
  readonly level: Level;
  readonly version: PolicyVersion;
}

export type Mode = 'enforce' | 'warn' | 'audit';
const MODES: readonly Mode[] = ['enforce', 'warn', 'audit'];

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';

export function levelLabel(mode: Mode): string {
  return `${LABEL_PREFIX}${mode}`;
}

export function versionLabel(mode: Mode): string {
  return `${LABEL_PREFIX}${mode}-version`;
}

/** The six labels the plugin reads. */
export const POLICY_LABELS: readonly string[] = MODES.flatMap((mode) => [levelLabel(mode), versionLabel(mode)]);

export function isLevel(value: unknown): value is Level {
  return value === 'privileged' || value === 'baseline' || value === 'restricted';
}

/** `v1.x` (no leading zeros) or `latest`, as the plugin accepts them; undefined otherwise. */
export function parseVersion(text: string): PolicyVersion | undefined {
  if (text === 'latest') return 'latest';
  const match = /^v1\.(0|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const minor = Number(match[1]);
  return Number.isSafeInteger(minor) ? { minor } : undefined;
}

export function versionText(version: PolicyVersion): string {
  return version === 'latest' ? 'latest' : `v1.${version.minor}`;
}

/** `restricted:latest`, as the plugin prints a level and version. */
export function levelVersionText(lv: LevelVersion): string {
  return `${lv.level}:${versionText(lv.version)}`;
}

export function compareLevels(a: Level, b: Level): number {
  return LEVELS.indexOf(a) - LEVELS.indexOf(b);
}

export interface NamespacePolicy {
  readonly enforce: LevelVersion;
  readonly warn: LevelVersion;
  readonly audit: LevelVersion;
}

/** A label value the plugin refuses: a Namespace carrying it is itself refused. */
export interface LabelError {
  readonly label: string;
  readonly value: string;
  readonly expected: string;
}

const PRIVILEGED_LATEST: LevelVersion = { level: 'privileged', version: 'latest' };

/** What the plugin uses for a namespace without labels when the apiserver has no admission configuration. */
export const DEFAULT_POLICY: NamespacePolicy = { enforce: PRIVILEGED_LATEST, warn: PRIVILEGED_LATEST, audit: PRIVILEGED_LATEST };

/**
 * The policy the plugin evaluates for a namespace's labels: a bad `enforce` level fails closed
 * (restricted), a bad `warn` or `audit` level fails open (privileged), a bad version reads as
 * latest; `warn` follows a stricter `enforce` unless it is labelled itself.
 */
export function policyFromLabels(labels: Readonly<Record<string, string>>, defaults: NamespacePolicy = DEFAULT_POLICY): { policy: NamespacePolicy; errors: LabelError[] } {
  const errors: LabelError[] = [];
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(labels, key);
  const level = (mode: Mode, onError: Level): Level | undefined => {
    const key = levelLabel(mode);
    if (!has(key)) return undefined;
    const value = labels[key]!;
    if (isLevel(value)) return value;
    errors.push({ label: key, value, expected: `one of ${LEVELS.join(', ')}` });
    return onError;
  };
  const version = (mode: Mode): PolicyVersion | undefined => {
    const key = versionLabel(mode);
    if (!has(key)) return undefined;
    const value = labels[key]!;
    const parsed = parseVersion(value);
    if (parsed === undefined) errors.push({ label: key, value, expected: '"latest" or "v1.x"' });
    return parsed ?? 'latest';
  };
  const enforceLevel = level('enforce', 'restricted');
  const enforceLevelValid = enforceLevel !== undefined && isLevel(labels[levelLabel('enforce')]);
  const enforce: LevelVersion = { level: enforceLevel ?? defaults.enforce.level, version: version('enforce') ?? defaults.enforce.version };
  const audit: LevelVersion = { level: level('audit', 'privileged') ?? defaults.audit.level, version: version('audit') ?? defaults.audit.version };
  const warnLevel = level('warn', 'privileged');
  const warnVersion = version('warn');
  let warn: LevelVersion = { level: warnLevel ?? defaults.warn.level, version: warnVersion ?? defaults.warn.version };
  if (warnLevel === undefined && enforceLevelValid && compareLevels(enforce.level, warn.level) > 0) {
    warn = { level: enforce.level, version: warnVersion ?? enforce.version };
  }
  return { policy: { enforce, warn, audit }, errors };
}

/** Whether any of the plugin's labels is set: a namespace without them gets Berth's default level. */
export function hasPolicyLabels(labels: Readonly<Record<string, string>>): boolean {
  return POLICY_LABELS.some((key) => Object.prototype.hasOwnProperty.call(labels, key));
}
