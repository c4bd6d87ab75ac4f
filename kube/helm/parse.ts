/** Reading helm's `--output json` answers; anything unexpected is an error value, never a throw. */
import { err, ok, type Result } from '../../platform/result';
import { kubeError, type KubeError } from '../errors';
import type { HelmInstallResult, HelmReleaseSummary, HelmRevision } from './types';

function json(stdout: string, what: string): Result<unknown, KubeError> {
  const text = stdout.trim();
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err(kubeError('tool', `helm ${what} did not print JSON: ${text.slice(0, 200) || '(nothing)'}`));
  }
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** helm prints list revisions as strings ("1") and history revisions as numbers. */
function revision(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

function array(value: unknown, what: string): Result<unknown[], KubeError> {
  // helm prints `[]` for none, but older builds printed nothing at all.
  if (value === null) return ok([]);
  return Array.isArray(value) ? ok(value) : err(kubeError('tool', `helm ${what} printed JSON that is not a list.`));
}

export function parseInstall(stdout: string): Result<HelmInstallResult, KubeError> {
  const parsed = json(stdout, 'upgrade --install');
  if (!parsed.ok) return parsed;
  const release = record(parsed.value);
  const name = text(release.name);
  if (!name) return err(kubeError('tool', 'helm upgrade --install printed JSON without a release name.'));
  return ok({ release: name, namespace: text(release.namespace), revision: revision(release.version), status: text(record(release.info).status), manifest: text(release.manifest) });
}

export function parseList(stdout: string): Result<HelmReleaseSummary[], KubeError> {
  const parsed = stdout.trim() === '' ? ok(null) : json(stdout, 'list');
  if (!parsed.ok) return parsed;
  const items = array(parsed.value, 'list');
  if (!items.ok) return items;
  return ok(
    items.value.map(record).map((r) => ({
      name: text(r.name),
      namespace: text(r.namespace),
      revision: revision(r.revision),
      chart: text(r.chart),
      appVersion: text(r.app_version),
      status: text(r.status),
      updated: text(r.updated),
    })),
  );
}

export function parseHistory(stdout: string): Result<HelmRevision[], KubeError> {
  const parsed = stdout.trim() === '' ? ok(null) : json(stdout, 'history');
  if (!parsed.ok) return parsed;
  const items = array(parsed.value, 'history');
  if (!items.ok) return items;
  return ok(
    items.value
      .map(record)
      .map((r) => ({
        revision: revision(r.revision),
        updated: text(r.updated),
        status: text(r.status),
        chart: text(r.chart),
        appVersion: text(r.app_version),
        description: text(r.description),
      }))
      .sort((a, b) => a.revision - b.revision),
  );
}
