// Finding and running the Go toolchain that builds the control plane from source.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Returns the path of a usable `go`, or undefined when Go is not installed. */
export function findGo() {
  // BERTH_GO names a specific go binary (or, set to a missing path, makes the script act as if Go were absent).
  if (process.env.BERTH_GO) return probe(process.env.BERTH_GO);
  const candidates = ['go'];
  if (process.env.GOROOT) candidates.push(join(process.env.GOROOT, 'bin/go'));
  // The official tarball's location: often installed but not on PATH in non-login shells.
  candidates.push('/usr/local/go/bin/go', join(process.env.HOME ?? '', 'go/bin/go'));
  for (const go of candidates) {
    const found = probe(go);
    if (found) return found;
  }
  return undefined;
}

function probe(go) {
  if (go.includes('/') && !existsSync(go)) return undefined;
  const r = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' });
  return r.status === 0 ? { go, version: r.stdout.trim() } : undefined;
}

/** The environment every go command runs with: no cgo, and no go.work from a parent folder. */
export function goEnv(extra = {}) {
  return { ...process.env, CGO_ENABLED: '0', GOWORK: 'off', ...extra };
}

/** Runs go synchronously and returns stdout; throws with stderr on failure. */
export function goOutput(go, args, cwd) {
  const r = spawnSync(go, args, { cwd, env: goEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`go ${args.join(' ')} failed in ${cwd}:\n${r.stderr}`);
  return r.stdout;
}

/**
 * Runs a long go command at low priority (so editors and other builds stay responsive), writing
 * its output to `log` and calling `onLine` for every line, so the caller can report progress.
 */
export function goRun(go, args, { cwd, log, onLine }) {
  const useNice = process.platform !== 'win32' && spawnSync('nice', ['true']).status === 0;
  // BERTH_BUILD_NICE: `npm start` builds in the background at the lowest priority (19).
  const niceness = /^(1?[0-9])$/.test(process.env.BERTH_BUILD_NICE ?? '') ? process.env.BERTH_BUILD_NICE : '10';
  const [cmd, argv] = useNice ? ['nice', ['-n', niceness, go, ...args]] : [go, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd, env: goEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (chunk) => {
      log.write(chunk);
      const text = tail + chunk.toString();
      const lines = text.split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) onLine?.(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`go ${args.join(' ')} exited with ${code}`))));
  });
}
