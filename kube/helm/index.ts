/** Helm releases through the helm binary: install or upgrade, list, history, rollback, uninstall. */
export * from './types';
export { helmHistory, helmInstallOrUpgrade, helmListReleases, helmRollback, helmUninstall } from './operations';
export { spawnHelm, type HelmInvocation, type HelmOutput, type HelmRunner } from './runHelm';
export { checkNamespace as checkHelmNamespace, checkRelease as checkHelmRelease } from './names';
