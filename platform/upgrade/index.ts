/** Upgrade readiness: what moving to a target Kubernetes version would break. Pure. */
export * from './apiLifecycle';
export * from './finding';
export * from './manifestFindings';
export * from './manifestObjects';
export * from './report';
export * from './versionSkew';
export * from './versions';
