import { loadKubeconfig, writeContextNamespace, writeCurrentContext } from '../../../kube';
import { ensureTrusted } from '../trust';
import type { CommandDeps } from './deps';
import { reportError, reportProblem } from './feedback';
import { namespaceProblem } from './inputs';
import { contextFor, targetOf } from './targets';

export const WRITE_KUBECONFIG = 'Also write to kubeconfig';

/** Options a caller (a test, another command) may pass instead of being asked. */
interface SelectOptions {
  /** Write the choice into the kubeconfig file too (like kubectl config use-context / set-context). */
  readonly writeKubeconfig?: boolean;
}

function selectOptions(value: unknown): SelectOptions {
  return typeof value === 'object' && value !== null ? (value as SelectOptions) : {};
}

/**
 * Berth: Use Context: the context commands default to, in this window; the notification offers
 * to write it to the kubeconfig as well.
 */
export function useContextCommand(deps: CommandDeps) {
  return async (arg?: unknown, options?: unknown): Promise<string | undefined> => {
    const context = await contextFor(deps, targetOf(arg), 'Berth: Use Context', { pick: true });
    if (!context.ok) return void (await reportError(deps, context.error, 'Use context'));
    if (context.value === undefined) return undefined;
    deps.session.useContext(context.value);
    deps.log.info(`Using context ${context.value} in this window`);
    let write = selectOptions(options).writeKubeconfig;
    if (write === undefined) {
      write = (await deps.prompts.message('info', `Berth: using context "${context.value}" in this window.`, WRITE_KUBECONFIG)) === WRITE_KUBECONFIG;
    }
    if (write) {
      const kubeconfig = deps.session.kubeconfig();
      const written = kubeconfig.ok ? writeCurrentContext(kubeconfig.value, context.value) : kubeconfig;
      if (!written.ok) await reportError(deps, written.error, 'Write current-context');
      else deps.log.info(`current-context: ${context.value} written to ${kubeconfig.ok ? kubeconfig.value.primaryFile : ''}`);
    }
    return context.value;
  };
}

/** Berth: Use Namespace: the namespace commands default to in a context (this window unless written). */
export function useNamespaceCommand(deps: CommandDeps) {
  return async (arg?: unknown, options?: unknown): Promise<string | undefined> => {
    const target = targetOf(arg);
    const context = await contextFor(deps, target, 'Berth: Use Namespace');
    if (!context.ok) return void (await reportError(deps, context.error, 'Use namespace'));
    if (context.value === undefined) return undefined;
    let namespace: string | undefined = target?.type === 'namespace' ? target.namespace : undefined;
    if (namespace === undefined) {
      const listed = await deps.session.source.namespaces(context.value, AbortSignal.timeout(15_000));
      if (!listed.ok) return void (await reportError(deps, listed.error, 'List namespaces'));
      const current = deps.session.namespaceOf(context.value);
      const OTHER = '\u0000other';
      const picked = await deps.prompts.pick(
        [
          ...listed.value.map((name) => ({ label: name, description: name === current ? 'selected' : '', value: name })),
          { label: 'Other namespace…', description: 'type a name', value: OTHER },
        ],
        { title: `Berth: Use Namespace in ${context.value}`, placeHolder: `Current: ${current}` },
      );
      namespace = picked === OTHER ? await deps.prompts.input({ title: 'Namespace', value: current, validate: namespaceProblem }) : picked;
    }
    if (namespace === undefined) return undefined;
    deps.session.useNamespace(context.value, namespace);
    deps.log.info(`Using namespace ${namespace} in context ${context.value} in this window`);
    let write = selectOptions(options).writeKubeconfig;
    if (write === undefined) {
      write = (await deps.prompts.message('info', `Berth: using namespace "${namespace}" in context "${context.value}" in this window.`, WRITE_KUBECONFIG)) === WRITE_KUBECONFIG;
    }
    if (write) {
      const kubeconfig = deps.session.kubeconfig();
      const written = kubeconfig.ok ? writeContextNamespace(kubeconfig.value, context.value, namespace) : kubeconfig;
      if (!written.ok) await reportError(deps, written.error, 'Write namespace');
    }
    return namespace;
  };
}

/**
 * Berth: Register Kubeconfig: adds kubeconfig files to the user setting berth.kubeconfigs (never a
 * workspace setting: a repository must not point Berth at credentials), after checking they parse.
 */
export function registerKubeconfigCommand(deps: CommandDeps) {
  return async (files?: unknown): Promise<string[] | undefined> => {
    if (!ensureTrusted('Registering a kubeconfig')) return undefined;
    const chosen = Array.isArray(files) ? files.map(String) : await deps.prompts.openFiles({ title: 'Berth: Register Kubeconfig' });
    if (!chosen || chosen.length === 0) return undefined;
    const added: string[] = [];
    for (const file of chosen) {
      const loaded = loadKubeconfig({ kubeconfigEnv: '', home: '/nonexistent-berth-home', registered: [file] });
      if (!loaded.ok) {
        await reportError(deps, loaded.error, `Register ${file}`);
        continue;
      }
      if (loaded.value.contexts.length === 0) {
        await reportProblem(deps, `${file} defines no contexts; nothing to register.`);
        continue;
      }
      added.push(file);
      deps.log.info(`Registered ${file}: contexts ${loaded.value.contexts.map((c) => c.name).join(', ')}`);
    }
    if (added.length === 0) return [];
    await deps.ctx.config.registerKubeconfigs(added);
    void deps.prompts.message('info', `Berth: registered ${added.join(', ')}; their contexts are in the Clusters view.`);
    return added;
  };
}
