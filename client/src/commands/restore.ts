import * as path from 'node:path';
import { readResource } from '../../../installation/resources';
import { parseHostRewrite, readBackupDir, restoreBackup, summarizeRestore, type RestoreObjectResult, type RestoreOptions, type SharedHost } from '../../../kube';
import { ApiLifecycleTable } from '../../../platform/upgrade/apiLifecycle';
import type { CommandDeps } from './deps';
import { ensureTrusted } from '../trust';
import { reportError, reportProblem, withCancellableProgress } from './feedback';
import { contextFor, targetOf } from './targets';

const TITLE = 'Berth: Restore…';

function line(r: RestoreObjectResult): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}: ${r.action}${r.message ? `: ${r.message}` : ''}`;
}

function counts(results: readonly RestoreObjectResult[]): string {
  return Object.entries(summarizeRestore(results)).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing';
}

type RestoreChoices = Omit<RestoreOptions, 'dryRun' | 'signal' | 'onResult'>;

/**
 * For each host a restored Ingress would share with the source namespace's, the host to give it
 * instead (the same host keeps it shared); undefined when the user dismissed a prompt.
 */
async function hostRewrites(deps: CommandDeps, shared: readonly SharedHost[]): Promise<Map<string, string> | undefined> {
  const rewrites = new Map<string, string>();
  for (const host of [...new Set(shared.map((s) => s.host))]) {
    const users = shared.filter((s) => s.host === host);
    const to = await deps.prompts.input({
      title: TITLE,
      prompt: `Ingress ${users.map((s) => s.liveIngress).join(', ')} still serves ${host}. Host for the restored ${users.map((s) => s.ingress).join(', ')} (unchanged: both claim it)`,
      value: host,
      validate: (v) => {
        const parsed = parseHostRewrite(`${host}=${v}`);
        return 'error' in parsed ? 'A host name (shop.example.com or *.example.com)' : undefined;
      },
    });
    if (to === undefined) return undefined;
    if (to.toLowerCase() !== host) rewrites.set(host, to.toLowerCase());
  }
  return rewrites;
}

/**
 * Berth: Restore…: a backup's checksums verified, a server-side dry run shown (what would be
 * created, skipped, in conflict; for an Ingress host the source namespace still serves, the host
 * to use instead asked for), then, once confirmed, the objects re-created in dependency order
 * (the same restore as `berth restore`). Conflicts are left as they are.
 */
export function restoreCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<readonly RestoreObjectResult[] | undefined> => {
    if (!ensureTrusted('Restoring')) return undefined;
    const files = await deps.prompts.openFiles({ title: `${TITLE} choose the backup's backup.json`, filters: { 'Berth backup': ['json'] } });
    const chosen = files?.[0];
    if (chosen === undefined) return undefined;
    const backup = readBackupDir(path.dirname(chosen));
    if (!backup.ok) return void (await reportProblem(deps, backup.error.message));
    const target = targetOf(arg);
    const context = await contextFor(deps, target, TITLE);
    if (!context.ok) return void (await reportError(deps, context.error, 'Restore'));
    if (context.value === undefined) return undefined;
    const from = backup.value.manifest.namespaces;
    const namespace = await deps.prompts.input({
      title: TITLE,
      prompt: from.length === 1 ? `Namespace to restore into (backed up from ${from[0]})` : `The backup holds ${from.length} namespaces (${from.join(', ')}); they are restored as they were`,
      value: target?.type === 'namespace' ? target.namespace : (from[0] ?? ''),
      validate: (v) => (from.length > 1 && v !== '' ? 'Leave empty: several namespaces cannot be moved into one' : v === '' || /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(v) ? undefined : 'A namespace name'),
    });
    if (namespace === undefined) return undefined;
    const table = ApiLifecycleTable.read((p) => readResource(deps.ctx.extensionContext.extensionPath, `schemas/${p}`));
    const client = await deps.session.open(context.value);
    if (!client.ok) return void (await reportError(deps, client.error, 'Restore'));
    let options: RestoreChoices = { ...(namespace ? { namespace } : {}), force: false, ...(table.ok ? { table: table.value } : {}) };
    const check = () => withCancellableProgress(`Berth: checking the restore to ${context.value}`, (signal) => restoreBackup(client.value, backup.value, { ...options, dryRun: true, signal }));
    let preview = await check();
    if (!preview.ok) return void (await reportError(deps, preview.error, 'Restore'));
    if ('refused' in preview.value) return void (await reportProblem(deps, preview.value.refused.message));
    const rewrites = await hostRewrites(deps, preview.value.sharedHosts);
    if (rewrites === undefined) return undefined;
    if (rewrites.size > 0) {
      options = { ...options, rewriteHosts: rewrites };
      preview = await check();
      if (!preview.ok) return void (await reportError(deps, preview.error, 'Restore'));
      if ('refused' in preview.value) return void (await reportProblem(deps, preview.value.refused.message));
    }
    for (const r of preview.value.rewritten) deps.log.info(`Restore: host rewritten: ${r}`);
    for (const r of preview.value.results) deps.log.info(`Restore (dry run): ${line(r)}`);
    for (const w of preview.value.warnings) deps.log.warn(`Restore: ${w}`);
    const conflicts = preview.value.results.filter((r) => r.action === 'conflict' || r.action === 'failed');
    const go = await deps.prompts.confirm(`Restore ${backup.value.manifest.selection} to context ${context.value}${namespace ? `, namespace ${namespace}` : ''}?`, {
      detail: `Dry run: ${counts(preview.value.results)}.${conflicts.length > 0 ? ` Left as they are: ${conflicts.map(line).join('; ')}` : ''}${preview.value.warnings.length > 0 ? ` Warning: ${preview.value.warnings.join('; ')}` : ''}`,
      action: 'Restore',
    });
    if (!go) return undefined;
    const restored = await withCancellableProgress(`Berth: restoring to ${context.value}`, (signal) => restoreBackup(client.value, backup.value, { ...options, dryRun: false, signal }));
    if (!restored.ok) return void (await reportError(deps, restored.error, 'Restore'));
    if ('refused' in restored.value) return void (await reportProblem(deps, restored.value.refused.message));
    for (const r of restored.value.results) deps.log.info(`Restore: ${line(r)}`);
    const failed = restored.value.results.some((r) => r.action === 'failed' || r.action === 'conflict');
    const warnings = restored.value.warnings.length > 0 ? ` ${restored.value.warnings.join(' ')}` : '';
    await deps.prompts.message(failed || warnings ? 'warning' : 'info', `Berth: restored ${backup.value.manifest.selection}: ${counts(restored.value.results)}.${warnings}`);
    return restored.value.results;
  };
}
