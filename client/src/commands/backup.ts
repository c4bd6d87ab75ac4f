import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { collectBackup, parseSelection, PVC_DATA_NOTE, writeBackupFiles, type BackupSelection } from '../../../kube';
import type { CommandDeps } from './deps';
import { ensureTrusted } from '../trust';
import { reportError, reportProblem, withCancellableProgress } from './feedback';
import { contextFor, targetOf } from './targets';

const TITLE = 'Berth: Back Up…';

/** What to back up: the node's namespace or the Application document's, else what the user names. */
async function selectionOf(deps: CommandDeps, arg: unknown): Promise<BackupSelection | undefined> {
  const target = targetOf(arg);
  if (target?.type === 'namespace') return { type: 'namespace', name: target.namespace };
  if (target?.type === 'platformDocument' && target.kind === 'Application') return { type: 'application', name: target.name };
  const type = await deps.prompts.pick(
    [
      { label: 'Application', description: 'the objects Berth deployed for it', value: 'application' as const },
      { label: 'Namespace', description: 'everything in it', value: 'namespace' as const },
      { label: 'Label selector', description: 'objects matching it', value: 'selector' as const },
    ],
    { title: TITLE, placeHolder: 'What to back up' },
  );
  if (type === undefined) return undefined;
  const text = await deps.prompts.input({
    title: TITLE,
    prompt: type === 'application' ? 'Application name' : type === 'namespace' ? 'Namespace' : 'Label selector (app=web,tier!=db)',
    validate: (value) => {
      const parsed = type === 'selector' ? parseSelection(undefined, value) : parseSelection(type === 'namespace' ? `namespace/${value}` : value, undefined);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  const parsed = type === 'selector' ? parseSelection(undefined, text) : parseSelection(type === 'namespace' ? `namespace/${text}` : text, undefined);
  return 'error' in parsed ? undefined : parsed.selection;
}

function defaultDirectory(selection: BackupSelection): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
  const what = selection.type === 'selector' ? 'selection' : selection.name;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return path.join(root, 'backups', `${what}-${stamp}`);
}

/**
 * Berth: Back Up…: the live objects of an Application, a namespace or a label selection written
 * as clean manifests with backup.json (the same backup as `berth backup`).
 */
export function backupCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    if (!ensureTrusted('Backing up')) return undefined;
    const target = targetOf(arg);
    const context = await contextFor(deps, target, TITLE);
    if (!context.ok) return void (await reportError(deps, context.error, 'Back up'));
    if (context.value === undefined) return undefined;
    const selection = await selectionOf(deps, arg);
    if (selection === undefined) return undefined;
    const includeSecrets = await deps.prompts.pick(
      [
        { label: 'Without Secret values', description: 'list them as required; restore checks they exist', value: false },
        { label: 'With Secret values', description: 'in plain text, in a file of mode 0600', value: true },
      ],
      { title: TITLE, placeHolder: 'Secrets' },
    );
    if (includeSecrets === undefined) return undefined;
    const dir = await deps.prompts.input({ title: TITLE, prompt: 'Directory to write the backup to (must not hold one)', value: defaultDirectory(selection), validate: (v) => (path.isAbsolute(v) ? undefined : 'An absolute path') });
    if (dir === undefined) return undefined;
    const namespace = selection.type === 'namespace' ? undefined : target?.type === 'namespace' ? target.namespace : undefined;
    const client = await deps.session.open(context.value);
    if (!client.ok) return void (await reportError(deps, client.error, 'Back up'));
    const collected = await withCancellableProgress(`Berth: backing up from ${context.value}`, (signal) =>
      collectBackup(client.value, { selection, ...(namespace ? { namespace } : {}), includeSecrets, berthVersion: String(deps.ctx.extensionContext.extension.packageJSON['version'] ?? ''), now: new Date(), signal }),
    );
    if (!collected.ok) return void (await reportError(deps, collected.error, 'Back up'));
    if ('empty' in collected.value) return void (await reportProblem(deps, collected.value.empty));
    const written = writeBackupFiles(dir, collected.value.content.files);
    if (!written.ok) return void (await reportProblem(deps, written.error));
    const { manifest } = collected.value.content;
    for (const [why, count] of collected.value.leftOut) deps.log.info(`Back up: not saved: ${count} ${why}`);
    const notes = [
      ...(manifest.files.some((f) => f.secret) ? ['It holds Secret values in plain text (mode 0600): keep it as safe as the cluster credentials.'] : []),
      ...(manifest.requiredSecrets.length > 0 ? [`${manifest.requiredSecrets.length} Secret(s) were not saved; restore checks that they exist.`] : []),
      ...(manifest.requiredCrds && manifest.requiredCrds.length > 0 ? [`Restore needs these CRDs on the target: ${manifest.requiredCrds.map((c) => c.name).join(', ')}.`] : []),
      ...(manifest.persistentVolumeClaims ? [PVC_DATA_NOTE] : []),
      ...manifest.notes,
    ];
    await deps.prompts.message(manifest.files.some((f) => f.secret) ? 'warning' : 'info', `Berth: backed up ${manifest.objects.length} objects (${manifest.selection}) to ${dir}. ${notes.join(' ')}`.trim());
    return dir;
  };
}
