export * from './clusterCheck';
export * from './helmReleases';
export * from './liveObjects';
