import type { Connection } from 'vscode-languageserver';
import { DEFAULT_VALIDATION_SETTINGS, validationSettingsFrom, type BerthConfigurationSection, type ValidationSettings } from '../../../platform/settings';
import { checkLevelsFrom } from '../../../platform/policy/checks/levels';
import type { Logger } from './runSafe';

/**
 * Pulls the `berth` section from the client per document (settings are resource-scoped) and
 * caches it until the client says the configuration changed.
 */
export class SettingsProvider {
  private readonly cache = new Map<string, Promise<ValidationSettings>>();
  private clientSupportsConfiguration = false;
  private readonly reportedProblems = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger,
  ) {}

  setClientSupport(supported: boolean): void {
    this.clientSupportsConfiguration = supported;
  }

  forUri(uri: string): Promise<ValidationSettings> {
    if (!this.clientSupportsConfiguration) return Promise.resolve(DEFAULT_VALIDATION_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'berth' })
        .then((section: BerthConfigurationSection | null) => {
          this.reportIgnoredChecks(section);
          return validationSettingsFrom(section);
        })
        .catch((error: unknown) => {
          this.logger.error(`Could not read settings for ${uri}: ${String(error)}; using defaults.`);
          return DEFAULT_VALIDATION_SETTINGS;
        });
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** Unknown check IDs and bad levels in `berth.policy.checks` are ignored, and said so once each in the log. */
  private reportIgnoredChecks(section: BerthConfigurationSection | null): void {
    for (const problem of checkLevelsFrom(section?.policy?.checks).problems) {
      if (this.reportedProblems.has(problem)) continue;
      this.reportedProblems.add(problem);
      this.logger.error(`berth.policy.checks: ${problem}`);
    }
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}
