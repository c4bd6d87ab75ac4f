/**
 * helm command lines. Every flag value is joined to its flag (`--namespace=x`) so no value is
 * ever read as a flag of its own, and positional arguments follow `--`. Inputs are checked
 * (names.ts) before any line is built.
 */
import { delimiter, isAbsolute, resolve } from 'node:path';
import { err, ok, type Result } from '../../platform/result';
import { kubeError, type KubeError } from '../errors';
import { checkContext, checkNamespace, checkPath, checkRelease, checkRevision, checkSet } from './names';
import type { HelmInvocation } from './runHelm';
import type { HelmInstallRequest, HelmTarget } from './types';

/** The connection part: the context always; the kubeconfig as helm reads the front end's. */
function connection(target: HelmTarget): Result<{ args: string[]; env?: Record<string, string> }, KubeError> {
  const context = checkContext(target.context);
  if (!context.ok) return context;
  const args = [`--kube-context=${context.value}`];
  const kubeconfig = target.kubeconfig;
  if (kubeconfig === undefined || kubeconfig === '') return ok({ args });
  if (/[\0\r\n]/.test(kubeconfig)) return err(kubeError('invalidKubeconfig', 'The kubeconfig path holds a line break or NUL.'));
  const files = kubeconfig.split(delimiter).filter((f) => f !== '').map((f) => (isAbsolute(f) ? f : resolve(f)));
  // --kubeconfig takes exactly one file; a merged list is what KUBECONFIG is for.
  if (files.length === 1) return ok({ args: [...args, `--kubeconfig=${files[0]!}`] });
  return ok({ args, env: { KUBECONFIG: files.join(delimiter) } });
}

function invocation(target: HelmTarget, verb: string[], flags: string[], positionals: string[]): Result<HelmInvocation, KubeError> {
  const conn = connection(target);
  if (!conn.ok) return conn;
  return ok({ command: target.helm, args: [...verb, ...flags, ...conn.value.args, ...(positionals.length > 0 ? ['--', ...positionals] : [])], ...(conn.value.env ? { env: conn.value.env } : {}) });
}

function all<T>(results: readonly Result<T, KubeError>[]): Result<T[], KubeError> {
  const out: T[] = [];
  for (const r of results) {
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

export function installArgs(target: HelmTarget, request: HelmInstallRequest): Result<HelmInvocation, KubeError> {
  const release = checkRelease(request.release);
  if (!release.ok) return release;
  const namespace = checkNamespace(request.namespace);
  if (!namespace.ok) return namespace;
  const chart = checkPath(request.chart, 'folder', 'chart folder');
  if (!chart.ok) return chart;
  const values = all((request.valuesFiles ?? []).map((f) => checkPath(f, 'file', 'values file')));
  if (!values.ok) return values;
  const set = all((request.set ?? []).map(checkSet));
  if (!set.ok) return set;
  const flags = [
    `--namespace=${namespace.value}`,
    '--output=json',
    ...(request.createNamespace ? ['--create-namespace'] : []),
    // Server-side: the API server checks the objects (admission, schemas) but stores nothing.
    ...(request.dryRun ? ['--dry-run=server'] : []),
    ...values.value.map((f) => `--values=${f}`),
    ...set.value.map((s) => `--set=${s}`),
  ];
  // No --wait: a release is reported once the objects are accepted, as `berth deploy` reports files.
  return invocation(target, ['upgrade', '--install'], flags, [release.value, chart.value]);
}

export function listArgs(target: HelmTarget, namespace?: string): Result<HelmInvocation, KubeError> {
  if (namespace !== undefined) {
    const ns = checkNamespace(namespace);
    if (!ns.ok) return ns;
  }
  // Pending and uninstalling releases too (a stuck install is what a user most needs to see);
  // superseded revisions belong to history. --max=0: no page limit.
  const states = ['--deployed', '--failed', '--pending', '--uninstalling'];
  return invocation(target, ['list'], [namespace !== undefined ? `--namespace=${namespace}` : '--all-namespaces', ...states, '--max=0', '--output=json'], []);
}

export function historyArgs(target: HelmTarget, namespace: string, release: string): Result<HelmInvocation, KubeError> {
  const ns = checkNamespace(namespace);
  if (!ns.ok) return ns;
  const name = checkRelease(release);
  if (!name.ok) return name;
  return invocation(target, ['history'], [`--namespace=${ns.value}`, '--output=json'], [name.value]);
}

export function rollbackArgs(target: HelmTarget, namespace: string, release: string, revision: number): Result<HelmInvocation, KubeError> {
  const ns = checkNamespace(namespace);
  if (!ns.ok) return ns;
  const name = checkRelease(release);
  if (!name.ok) return name;
  const rev = checkRevision(revision);
  if (!rev.ok) return rev;
  return invocation(target, ['rollback'], [`--namespace=${ns.value}`], [name.value, String(rev.value)]);
}

export function uninstallArgs(target: HelmTarget, namespace: string, release: string): Result<HelmInvocation, KubeError> {
  const ns = checkNamespace(namespace);
  if (!ns.ok) return ns;
  const name = checkRelease(release);
  if (!name.ok) return name;
  return invocation(target, ['uninstall'], [`--namespace=${ns.value}`], [name.value]);
}
