/**
 * What a folder given to `berth deploy` is: a Helm chart (Chart.yaml), a kustomize overlay
 * (kustomization.yaml, kustomization.yml or Kustomization, the names kubectl looks for), or
 * just a folder of manifests.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type DeployFolderKind = 'chart' | 'overlay' | 'manifests';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export function deployFolderKind(path: string): DeployFolderKind {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return 'manifests';
  }
  if (!isDir) return 'manifests';
  if (existsSync(join(path, 'Chart.yaml'))) return 'chart';
  if (KUSTOMIZATION_FILES.some((f) => existsSync(join(path, f)))) return 'overlay';
  return 'manifests';
}
