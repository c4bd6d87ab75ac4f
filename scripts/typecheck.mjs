// `npm run typecheck` and the first step of `npm test`: every package's tsconfig under tsc (the
// ambient types each may use), then the import rules and circles that tsc cannot see
// (scripts/layering.mjs). Exits non-zero, naming what failed, when anything does.
import { spawn } from 'node:child_process';
import { checkLayering, describeLayering } from './layering.mjs';

const root = new URL('..', import.meta.url).pathname;

// The root project is everything at once, as an editor sees it (tests included); the others are
// the packages, each with only the types it may use.
const projects = ['.', 'platform', 'protocol', 'kube', 'installation', 'server', 'client', 'cli', 'bench/cluster'];

/** Runs tsc on one project; resolves to its exit status and everything it printed. */
function tsc(project) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [tscPath, '--noEmit', '--pretty', 'false', '-p', project], { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => done({ status: 1, output: String(error) }));
    child.on('close', (status) => done({ status: status ?? 1, output }));
  });
}

const tscPath = new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname;
const failed = [];
// The projects are independent: checked side by side, reported in order.
const results = await Promise.all(projects.map(tsc));
projects.forEach((project, i) => {
  const { status, output } = results[i];
  console.log(`$ tsc --noEmit -p ${project}${status === 0 ? '' : `  (failed with status ${status})`}`);
  if (output.trim()) console.log(output.trimEnd());
  if (status !== 0) failed.push(`tsc -p ${project}`);
});

console.log('$ layering: import rules and circles (scripts/layering.mjs)');
const problems = describeLayering(checkLayering(root));
for (const problem of problems) console.error(problem);
if (problems.length > 0) failed.push(`layering (${problems.length} problem${problems.length === 1 ? '' : 's'})`);

if (failed.length > 0) {
  console.error(`\ntypecheck failed: ${failed.join('; ')}`);
  process.exit(1);
}
console.log('typecheck: every package checks and the layering holds');
