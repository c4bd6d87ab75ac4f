import * as vscode from 'vscode';
import { err, ok, type Result } from '../../platform/result';
import { effectivePageSize } from './views/clusters/paging';

/** The `berth.*` settings the extension itself reads (without the `berth.` prefix). */
export type ExtensionSetting = 'explorer.pageSize' | 'secrets.reveal' | 'kubeconfigs' | 'logs.tail' | 'crds.fromCluster';

/**
 * Settings a restricted workspace may not set (package.json `restrictedConfigurations`): they
 * name files to read or reveal data, so in an untrusted workspace only the user's own value counts.
 */
export const RESTRICTED_SETTINGS: readonly ExtensionSetting[] = ['kubeconfigs', 'secrets.reveal'];

/**
 * Every `berth.*` setting the extension reads, typed, in one place; values are read when asked,
 * so a change applies from the next use. `berth.kubernetesVersion`, `berth.validation.unknownFields`
 * and `berth.exclude` belong to the language server, which asks for them over LSP
 * (languageClient.ts synchronizes the `berth` section).
 */
export class Config {
  /** `berth.explorer.pageSize`: rows per page of a long list in the Clusters view (at least 10). */
  get explorerPageSize(): number {
    return effectivePageSize(this.section().get<unknown>('explorer.pageSize'));
  }

  /** `berth.secrets.reveal`: show Secret values in the tree and in Describe. */
  get revealSecrets(): boolean {
    return this.trustedValue('secrets.reveal') === true;
  }

  /** `berth.kubeconfigs`: extra kubeconfig files, merged after KUBECONFIG (or ~/.kube/config). */
  get kubeconfigs(): string[] {
    const value = this.trustedValue('kubeconfigs');
    return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
  }

  /** `berth.crds.fromCluster`: validate custom resources against the current context's CRDs (live, else cached). */
  get crdsFromCluster(): boolean {
    return this.section().get<unknown>('crds.fromCluster', true) !== false;
  }

  /** `berth.logs.tail`: how many recent lines per container Show Logs prints before following. */
  logsTail(): Result<number, string> {
    const tail = this.section().get<unknown>('logs.tail', 100);
    if (typeof tail !== 'number' || !Number.isInteger(tail) || tail < 0) {
      return err(`The setting berth.logs.tail must be a whole number (0 or more), not ${String(tail)}.`);
    }
    return ok(tail);
  }

  /** Adds kubeconfig files to the user's own `berth.kubeconfigs` (never a workspace's). */
  async registerKubeconfigs(files: readonly string[]): Promise<void> {
    const section = this.section();
    const existing = section.inspect<string[]>('kubeconfigs')?.globalValue ?? [];
    await section.update('kubeconfigs', [...new Set([...existing, ...files])], vscode.ConfigurationTarget.Global);
  }

  /** Calls `listener` when any of `settings` changes. */
  onDidChange(settings: readonly ExtensionSetting[], listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (settings.some((setting) => e.affectsConfiguration(`berth.${setting}`))) listener();
    });
  }

  private section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('berth');
  }

  /**
   * A setting's value under the trust rules: a restricted setting takes only the user's value in
   * an untrusted workspace (VS Code drops the workspace's value too; this holds either way).
   */
  private trustedValue(setting: ExtensionSetting): unknown {
    const inspected = this.section().inspect<unknown>(setting);
    if (RESTRICTED_SETTINGS.includes(setting) && !vscode.workspace.isTrusted) return inspected?.globalValue;
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  }
}
