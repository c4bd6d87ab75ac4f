/** Forwarding local ports to pods, Services and workloads. */
export * from './frames';
export * from './target';
export * from './forwarder';
