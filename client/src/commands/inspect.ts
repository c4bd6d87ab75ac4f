import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { describeObject, editableObject, findObject, formatEvents, listEvents } from '../../../kube';
import { ensureTrusted } from '../trust';
import { reportError } from './feedback';
import type { CommandDeps } from './deps';
import { anyObjectFor, objectLabel, targetOf, type ObjectTarget } from './targets';

async function chooseObject(deps: CommandDeps, arg: unknown, title: string): Promise<ObjectTarget | undefined> {
  const picked = await anyObjectFor(deps, arg, title);
  if (!picked.ok) return void (await reportError(deps, picked.error, title));
  return picked.value;
}

/** Berth: Describe: kubectl describe as a read-only Markdown document (Secret values masked). */
export function describeCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    if (!ensureTrusted('Describing an object')) return undefined;
    const target = await chooseObject(deps, arg, 'Berth: Describe');
    if (!target) return undefined;
    const client = await deps.session.open(target.context, target.namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Describe'));
    const reveal = deps.ctx.config.revealSecrets;
    const described = await describeObject(client.value, { kind: target.kind, name: target.name, ...(target.namespace ? { namespace: target.namespace } : {}) }, { reveal });
    if (!described.ok) return void (await reportError(deps, described.error, `Describe ${objectLabel(target)}`));
    const uri = deps.documents.uri('describe', target.context, target.namespace ?? '_cluster', target.kind, `${target.name}.md`);
    await deps.documents.show(uri, described.value.markdown, 'markdown');
    return described.value.markdown;
  };
}

/** Berth: Show Events: the events of an object, or of a namespace or the selected namespace. */
export function showEventsCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    if (!ensureTrusted('Listing events')) return undefined;
    const target = targetOf(arg);
    let context: string | undefined;
    let namespace: string | undefined;
    let object: ObjectTarget | undefined;
    if (target?.type === 'namespace' || target?.type === 'context') {
      context = target.context;
      namespace = target.type === 'namespace' ? target.namespace : deps.session.namespaceOf(target.context);
    } else if (target) {
      object = await chooseObject(deps, arg, 'Berth: Show Events');
      if (!object) return undefined;
      context = object.context;
      namespace = object.namespace;
    } else {
      context = deps.session.selection().context;
      namespace = deps.session.selection().namespace;
    }
    const client = await deps.session.open(context, namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Show events'));
    const events = await listEvents(client.value, {
      ...(object ? { object: { kind: object.kind, name: object.name, ...(object.namespace ? { namespace: object.namespace } : {}) } } : {}),
      ...(object && !object.namespace ? { allNamespaces: true } : {}),
      limit: 200,
    });
    if (!events.ok) return void (await reportError(deps, events.error, 'Show events'));
    const title = object ? objectLabel(object) : `namespace ${client.value.namespace}`;
    const text = `# Events of ${title} (${client.value.context})\n\n${formatEvents(events.value, { withObject: !object })}\n`;
    const uri = deps.documents.uri('events', client.value.context, object ? `${object.kind}-${object.name}.md` : `${client.value.namespace}.md`);
    await deps.documents.show(uri, text, 'markdown');
    return text;
  };
}

/**
 * Berth: Open in Editor: the live object as an untitled YAML document (Secret values masked);
 * edit it and run Berth: Deploy Current File to apply the changes.
 */
export function openInEditorCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<vscode.TextDocument | undefined> => {
    if (!ensureTrusted('Reading an object')) return undefined;
    const target = await chooseObject(deps, arg, 'Berth: Open in Editor');
    if (!target) return undefined;
    const client = await deps.session.open(target.context, target.namespace);
    if (!client.ok) return void (await reportError(deps, client.error, 'Open in editor'));
    const got = await findObject(client.value, { kind: target.kind, name: target.name });
    if (!got.ok) return void (await reportError(deps, got.error, `Open ${objectLabel(target)}`));
    const header = [
      `# ${objectLabel(target)} as live in context ${target.context}. Edit it and run "Berth: Deploy Current File" to apply.`,
      ...(target.kind === 'Secret' ? ['# Secret values are masked: put real values back before deploying (a masked Secret is refused).'] : []),
    ];
    const content = `${header.join('\n')}\n${stringify(editableObject(got.value.object), { lineWidth: 0 })}`;
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content });
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  };
}

/** Berth: Copy Name: the object's name (or the context's, namespace's, pool's) on the clipboard. */
export function copyNameCommand(deps: CommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const target = targetOf(arg);
    let name: string | undefined;
    switch (target?.type) {
      case 'object':
      case 'clusterDocument':
      case 'platformDocument':
        name = target.name;
        break;
      case 'namespace':
        name = target.namespace;
        break;
      case 'container':
        name = target.container;
        break;
      case 'nodePool':
        name = target.pool;
        break;
      case 'context':
        name = target.context;
        break;
      default: {
        const picked = await chooseObject(deps, arg, 'Berth: Copy Name');
        name = picked?.name;
      }
    }
    if (name === undefined) return undefined;
    await vscode.env.clipboard.writeText(name);
    vscode.window.setStatusBarMessage(`Copied "${name}"`, 3000);
    return name;
  };
}
