/** Settings shared by the extension client and the language server (section `berth`). */
export type UnknownFieldsSeverity = 'error' | 'warning' | 'ignore';

export interface ValidationSettings {
  /** Kubernetes minor version ("1.36") whose schemas validate ordinary manifests. */
  readonly kubernetesVersion: string;
  /** How fields unknown to the schema are reported (kubectl's strict field validation). */
  readonly unknownFields: UnknownFieldsSeverity;
}

export const DEFAULT_KUBERNETES_VERSION = '1.36';

export const DEFAULT_VALIDATION_SETTINGS: ValidationSettings = {
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  unknownFields: 'warning',
};

/** The raw `berth` configuration section as VS Code returns it: every field may be missing or wrong. */
export interface BerthConfigurationSection {
  readonly kubernetesVersion?: unknown;
  readonly validation?: { readonly unknownFields?: unknown };
}

/** Reads a configuration section defensively: a bad value falls back to the default. */
export function validationSettingsFrom(section: BerthConfigurationSection | null | undefined): ValidationSettings {
  const version = section?.kubernetesVersion;
  const unknown = section?.validation?.unknownFields;
  return {
    kubernetesVersion:
      typeof version === 'string' && /^\d+\.\d+$/.test(version) ? version : DEFAULT_VALIDATION_SETTINGS.kubernetesVersion,
    unknownFields:
      unknown === 'error' || unknown === 'warning' || unknown === 'ignore' ? unknown : DEFAULT_VALIDATION_SETTINGS.unknownFields,
  };
}
