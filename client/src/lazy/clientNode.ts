// The entry of dist/client-node.js: @kubernetes/client-node on its own, so the extension's bundle
// stays small and the library (most of the extension's code by size) is read only when the first
// cluster connection is made (kube/client.ts imports it lazily; scripts/build.mjs points that
// import here).
export * from '@kubernetes/client-node';
