/**
 * The helm release operations' inputs and outputs. Berth runs the helm binary (built from source
 * by scripts/cluster, found by installation/tools/localTools.ts) rather than reimplementing
 * releases: helm keeps its release records in the cluster, so `helm list` and Berth agree.
 */
import type { HelmRunner } from './runHelm';

export interface HelmTarget {
  /** The helm executable. */
  readonly helm: string;
  /**
   * The kubeconfig: one file (passed as --kubeconfig) or a KUBECONFIG-style list of files
   * (passed as KUBECONFIG, which helm merges as kubectl does). Undefined: helm's own default.
   */
  readonly kubeconfig?: string;
  readonly context: string;
  /** Runs helm; default: a child process, refused in a restricted workspace. Tests record calls. */
  readonly runner?: HelmRunner;
}

export interface HelmInstallRequest {
  readonly release: string;
  readonly namespace: string;
  /** A chart folder (the one holding Chart.yaml). */
  readonly chart: string;
  readonly valuesFiles?: readonly string[];
  /** `key=value` as helm's --set takes them. */
  readonly set?: readonly string[];
  readonly createNamespace?: boolean;
  /** `--dry-run=server`: the server checks the objects, nothing is stored. */
  readonly dryRun?: boolean;
}

export interface HelmInstallResult {
  readonly release: string;
  readonly namespace: string;
  readonly revision: number;
  readonly status: string;
  /** The multi-document YAML helm applied (or would apply on a dry run). */
  readonly manifest: string;
}

export interface HelmReleaseSummary {
  readonly name: string;
  readonly namespace: string;
  readonly revision: number;
  /** `<chart name>-<chart version>` as helm prints it. */
  readonly chart: string;
  readonly appVersion: string;
  readonly status: string;
  readonly updated: string;
}

export interface HelmRevision {
  readonly revision: number;
  readonly updated: string;
  readonly status: string;
  readonly chart: string;
  readonly appVersion: string;
  readonly description: string;
}
