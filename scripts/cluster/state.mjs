// state.json records what `up` created (runtime, cluster name, context, kubectl), written only once
// the cluster is ready; `status` and `down` read it instead of guessing.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export function readState(paths) {
  if (!existsSync(paths.state)) return undefined;
  try {
    return JSON.parse(readFileSync(paths.state, 'utf8'));
  } catch {
    return undefined;
  }
}

export function writeState(paths, state) {
  writeFileSync(paths.state, `${JSON.stringify(state, null, 2)}\n`);
}

export function clearState(paths) {
  rmSync(paths.state, { force: true });
}
