/** Settings shared by the extension client and the language server (section `berth`). */
import { checkLevelsFrom, type CheckLevels } from './policy/checks/levels';

export type UnknownFieldsSeverity = 'error' | 'warning' | 'ignore';
/** How a custom resource whose schema no source knows is reported (`berth.validation.missingSchemas`). */
export type MissingSchemasSeverity = 'error' | 'warning' | 'information' | 'ignore';
export const MISSING_SCHEMAS_LEVELS: readonly MissingSchemasSeverity[] = ['error', 'warning', 'information', 'ignore'];
/** The Pod Security level for namespaces without pod-security labels (`berth.policy.podSecurity`); `off` (CLI only) checks none at all. */
export type PodSecurityDefault = 'privileged' | 'baseline' | 'restricted' | 'off';
export const POD_SECURITY_DEFAULTS: readonly PodSecurityDefault[] = ['privileged', 'baseline', 'restricted', 'off'];

export interface ValidationSettings {
  /** Kubernetes minor version ("1.36") whose schemas validate ordinary manifests. */
  readonly kubernetesVersion: string;
  /** How fields unknown to the schema are reported (kubectl's strict field validation). */
  readonly unknownFields: UnknownFieldsSeverity;
  /** The largest file, in megabytes, that is analysed (`berth.validation.maxFileSize`); a larger one gets one diagnostic. */
  readonly maxFileSize: number;
  /** How a custom resource without a known schema (no CRD) is reported. */
  readonly missingSchemas: MissingSchemasSeverity;
  /** The Pod Security level pods are checked against (as warnings) where their namespace has no pod-security labels. */
  readonly podSecurity: PodSecurityDefault;
  /** The levels settings give best-practice checks (`berth.policy.checks`); a check not named keeps its default. */
  readonly checks: CheckLevels;
}

export const DEFAULT_KUBERNETES_VERSION = '1.36';

/** The setting that bounds the size of an analysed file, as users see it. */
export const MAX_FILE_SIZE_SETTING = 'berth.validation.maxFileSize';

export const DEFAULT_VALIDATION_SETTINGS: ValidationSettings = {
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  unknownFields: 'warning',
  maxFileSize: 5,
  missingSchemas: 'warning',
  podSecurity: 'baseline',
  checks: {},
};

/** A file size limit in megabytes as a byte count. */
export function megabytes(size: number): number {
  return Math.floor(size * 1024 * 1024);
}

/** The raw `berth` configuration section as VS Code returns it: every field may be missing or wrong. */
export interface BerthConfigurationSection {
  readonly kubernetesVersion?: unknown;
  readonly validation?: { readonly unknownFields?: unknown; readonly maxFileSize?: unknown; readonly missingSchemas?: unknown };
  readonly policy?: { readonly podSecurity?: unknown; readonly checks?: unknown };
}

/** Reads a configuration section defensively: a bad value falls back to the default. */
export function validationSettingsFrom(section: BerthConfigurationSection | null | undefined): ValidationSettings {
  const version = section?.kubernetesVersion;
  const unknown = section?.validation?.unknownFields;
  const maxFileSize = section?.validation?.maxFileSize;
  const missingSchemas = section?.validation?.missingSchemas;
  return {
    kubernetesVersion:
      typeof version === 'string' && /^\d+\.\d+$/.test(version) ? version : DEFAULT_VALIDATION_SETTINGS.kubernetesVersion,
    unknownFields:
      unknown === 'error' || unknown === 'warning' || unknown === 'ignore' ? unknown : DEFAULT_VALIDATION_SETTINGS.unknownFields,
    maxFileSize: isFileSize(maxFileSize) ? maxFileSize : DEFAULT_VALIDATION_SETTINGS.maxFileSize,
    missingSchemas: MISSING_SCHEMAS_LEVELS.find((level) => level === missingSchemas) ?? DEFAULT_VALIDATION_SETTINGS.missingSchemas,
    podSecurity: POD_SECURITY_DEFAULTS.find((level) => level === section?.policy?.podSecurity) ?? DEFAULT_VALIDATION_SETTINGS.podSecurity,
    checks: checkLevelsFrom(section?.policy?.checks).levels,
  };
}

/** A usable size limit in megabytes: positive and finite (at least one byte). */
export function isFileSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && megabytes(value) >= 1;
}
