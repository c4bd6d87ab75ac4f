// The CLI's bundles, shared by scripts/build.mjs and scripts/bench.mjs so a bench bundles the CLI
// exactly as it ships. `cli` is the entry (bin: dist/cli.js) with validate and render and the
// platform library only; the entry loads its siblings at run time: `cli-cluster` (the cluster
// commands and @kubernetes/client-node) when a cluster command runs, `cli-worker` (the per-file
// analysis) in the worker threads of a `validate` over many files.
import { join } from 'node:path';

/** esbuild entryPoints; `entryName` renames the entry (the siblings keep their names). */
export function cliEntryPoints(root, entryName = 'cli') {
  return {
    [entryName]: join(root, 'cli/src/main.ts'),
    'cli-cluster': join(root, 'cli/src/clusterCommands.ts'),
    'cli-worker': join(root, 'cli/src/validateWorker.ts'),
  };
}
