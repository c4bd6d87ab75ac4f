// The platform library's kwok renderers (platform/render/kwok.ts and kwokctl.ts), for these plain
// JS scripts: the nodes and the kwokctl configuration of the local cluster come from the same
// code as those of `berth cluster up`, `berth nodepool scale` and the extension.
// Bundled from source with esbuild (a devDependency) on first use instead of loaded from dist/:
// `npm run cluster` runs before, or without, `npm run build`, and other builds rewrite dist/ at any
// moment, so a built bundle could be missing, stale or half written. The renderers are pure and
// import nothing outside platform/, so the bundle takes a few tens of milliseconds and is
// imported from a data: URL: nothing is written to disk.
import { build } from 'esbuild';
import { repoRoot } from './paths.mjs';

const ENTRY = `
export { renderKwokClusterNodes } from './platform/render/kwok';
export { renderKwokctlConfig } from './platform/render/kwokctl';
export { NODEPOOL_LABEL } from './platform/render/labels';
`;

let loading;

/** `{ renderKwokClusterNodes, renderKwokctlConfig, NODEPOOL_LABEL }`, bundled once per process. */
export function platformRenderers() {
  loading ??= build({
    stdin: { contents: ENTRY, resolveDir: repoRoot, sourcefile: 'kwok-renderers.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'node20',
    logLevel: 'silent',
  }).then((result) => import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].contents).toString('base64')}`));
  return loading;
}
