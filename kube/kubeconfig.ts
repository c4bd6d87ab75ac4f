/**
 * Reading kubeconfig files exactly as kubectl does, without @kubernetes/client-node (listing
 * contexts in a view must not load the client):
 * - `KUBECONFIG` lists files (`:`-separated, `;` on Windows); missing and empty entries are ignored;
 *   without it, `~/.kube/config`;
 * - the files merge in order, and the first file to define a cluster, user or context name wins,
 *   as does the first file to set `current-context`;
 * - relative paths in a file (certificate-authority, client-certificate, client-key, tokenFile)
 *   are relative to that file;
 * - Berth adds the files the user registered (setting `berth.kubeconfigs`) after those.
 * Selecting a context or namespace is in memory; the `write*` functions change files only when
 * asked, editing the YAML in place so comments and order survive.
 * A kubeconfig loaded with `allowPrograms: false` (a restricted workspace) still lists every
 * context, but selecting one whose user runs a program (exec plugin, auth-provider command or token refresh)
 * is refused with a `restricted` error before anything could start it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter as pathDelimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { err, ok, type Result } from '../platform/result';
import { kubeError, type KubeError } from './errors';
import { programsAllowed, RESTRICTED_REMEDY } from './programs';

export interface KubeconfigLoadOptions {
  /** The value of KUBECONFIG; default process.env.KUBECONFIG. Pass '' to ignore the variable. */
  readonly kubeconfigEnv?: string;
  /** Home folder for ~/.kube/config; default os.homedir(). */
  readonly home?: string;
  /** Files registered by the user (berth.kubeconfigs), merged after the kubectl ones; `~` expands. */
  readonly registered?: readonly string[];
  /** Path list separator; default the platform's. */
  readonly delimiter?: string;
  /**
   * Whether connecting may run programs the kubeconfig names (exec credential plugins,
   * auth-provider `cmd-path`). Default: programsAllowed(), false only in a restricted workspace.
   */
  readonly allowPrograms?: boolean;
}

export interface KubeconfigCluster {
  readonly name: string;
  readonly server: string;
  readonly file: string;
  /** The `cluster:` map with paths made absolute, as kubectl reads it. */
  readonly fields: Record<string, unknown>;
}

export interface KubeconfigUser {
  readonly name: string;
  readonly file: string;
  readonly fields: Record<string, unknown>;
}

export interface KubeconfigContext {
  readonly name: string;
  readonly cluster: string;
  readonly user: string;
  /** The context's namespace; undefined means "default". */
  readonly namespace?: string;
  /** The file that defines it (where a namespace change is written). */
  readonly file: string;
}

export interface Kubeconfig {
  /** The files that were read, in merge order. */
  readonly files: readonly string[];
  /** Where new contexts go and `current-context` is written: the first file of KUBECONFIG, else ~/.kube/config. */
  readonly primaryFile: string;
  readonly currentContext?: string;
  readonly contexts: readonly KubeconfigContext[];
  readonly clusters: readonly KubeconfigCluster[];
  readonly users: readonly KubeconfigUser[];
  /** Loaded for a restricted workspace: no user that runs a program may be selected. */
  readonly restricted?: true;
}

/** A context to talk to, with its namespace resolved. */
export interface KubeTarget {
  readonly kubeconfig: Kubeconfig;
  readonly context: KubeconfigContext;
  readonly cluster: KubeconfigCluster;
  readonly user: KubeconfigUser;
  /** The namespace operations default to: the override, else the context's, else "default". */
  readonly namespace: string;
}

export function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/** The kubectl file list: KUBECONFIG's entries in order (deduplicated), else ~/.kube/config. */
export function kubeconfigFiles(options: KubeconfigLoadOptions = {}): string[] {
  const home = options.home ?? homedir();
  const env = options.kubeconfigEnv ?? process.env.KUBECONFIG ?? '';
  const listed = env.split(options.delimiter ?? pathDelimiter).filter((f) => f.trim() !== '');
  const files = listed.length > 0 ? listed.map((f) => resolve(expandHome(f, home))) : [join(home, '.kube', 'config')];
  return [...new Set(files)];
}

const PATH_FIELDS: Record<'cluster' | 'user', readonly string[]> = {
  cluster: ['certificate-authority'],
  user: ['client-certificate', 'client-key', 'tokenFile'],
};

function absolutize(fields: Record<string, unknown>, kind: 'cluster' | 'user', dir: string): Record<string, unknown> {
  const out = { ...fields };
  for (const key of PATH_FIELDS[kind]) {
    const value = out[key];
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) out[key] = resolve(dir, value);
  }
  const exec = out.exec as Record<string, unknown> | undefined;
  if (kind === 'user' && exec && typeof exec.command === 'string' && exec.command.includes('/') && !isAbsolute(exec.command)) {
    out.exec = { ...exec, command: resolve(dir, exec.command) };
  }
  return out;
}

interface RawNamed {
  name?: unknown;
  cluster?: unknown;
  user?: unknown;
  context?: unknown;
}

function namedList(doc: Record<string, unknown>, key: string, file: string): Result<RawNamed[], KubeError> {
  const value = doc[key];
  if (value === undefined || value === null) return ok([]);
  if (!Array.isArray(value)) return err(kubeError('invalidKubeconfig', `Invalid kubeconfig ${file}: "${key}" must be a list.`));
  for (const item of value) {
    if (!item || typeof item !== 'object' || typeof (item as RawNamed).name !== 'string') {
      return err(kubeError('invalidKubeconfig', `Invalid kubeconfig ${file}: every entry of "${key}" needs a name.`));
    }
  }
  return ok(value as RawNamed[]);
}

/** Reads and merges the kubeconfig files. Never throws. */
export function loadKubeconfig(options: KubeconfigLoadOptions = {}): Result<Kubeconfig, KubeError> {
  const home = options.home ?? homedir();
  const kubectlFiles = kubeconfigFiles(options);
  const registered = (options.registered ?? []).map((f) => resolve(expandHome(f, home)));
  const candidates = [...new Set([...kubectlFiles, ...registered])];

  const files: string[] = [];
  const clusters = new Map<string, KubeconfigCluster>();
  const users = new Map<string, KubeconfigUser>();
  const contexts = new Map<string, KubeconfigContext>();
  let currentContext: string | undefined;

  for (const file of candidates) {
    if (!existsSync(file)) {
      // kubectl ignores missing KUBECONFIG entries; a registered file that is gone is an error the user can fix.
      if (registered.includes(file) && !kubectlFiles.includes(file)) {
        return err(kubeError('invalidKubeconfig', `The registered kubeconfig ${file} does not exist; remove it from the setting berth.kubeconfigs or restore the file.`));
      }
      continue;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return err(kubeError('invalidKubeconfig', `Cannot read kubeconfig ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`));
    }
    const parsed = parseDocument(text);
    if (parsed.errors.length > 0) {
      return err(kubeError('invalidKubeconfig', `Invalid kubeconfig ${file}: ${parsed.errors[0]!.message.split('\n')[0]}. Fix the YAML or remove the file from KUBECONFIG.`));
    }
    const doc = (parsed.toJS() ?? {}) as Record<string, unknown>;
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      return err(kubeError('invalidKubeconfig', `Invalid kubeconfig ${file}: expected a mapping with clusters, users and contexts.`));
    }
    files.push(file);
    const dir = dirname(file);
    const clusterList = namedList(doc, 'clusters', file);
    if (!clusterList.ok) return clusterList;
    for (const entry of clusterList.value) {
      const name = entry.name as string;
      if (clusters.has(name)) continue;
      const fields = absolutize((entry.cluster ?? {}) as Record<string, unknown>, 'cluster', dir);
      clusters.set(name, { name, server: typeof fields.server === 'string' ? fields.server : '', file, fields });
    }
    const userList = namedList(doc, 'users', file);
    if (!userList.ok) return userList;
    for (const entry of userList.value) {
      const name = entry.name as string;
      if (users.has(name)) continue;
      users.set(name, { name, file, fields: absolutize((entry.user ?? {}) as Record<string, unknown>, 'user', dir) });
    }
    const contextList = namedList(doc, 'contexts', file);
    if (!contextList.ok) return contextList;
    for (const entry of contextList.value) {
      const name = entry.name as string;
      if (contexts.has(name)) continue;
      const c = (entry.context ?? {}) as Record<string, unknown>;
      contexts.set(name, {
        name,
        cluster: typeof c.cluster === 'string' ? c.cluster : '',
        user: typeof c.user === 'string' ? c.user : '',
        ...(typeof c.namespace === 'string' && c.namespace !== '' ? { namespace: c.namespace } : {}),
        file,
      });
    }
    const current = doc['current-context'];
    // Registered files never choose the current context: that stays kubectl's.
    if (currentContext === undefined && typeof current === 'string' && current !== '' && kubectlFiles.includes(file)) currentContext = current;
  }

  return ok({
    files,
    primaryFile: kubectlFiles.find((f) => existsSync(f)) ?? kubectlFiles[0]!,
    ...(currentContext !== undefined ? { currentContext } : {}),
    contexts: [...contexts.values()],
    clusters: [...clusters.values()],
    users: [...users.values()],
    ...((options.allowPrograms ?? programsAllowed()) ? {} : { restricted: true as const }),
  });
}

/**
 * What a user's credentials would run, read the way @kubernetes/client-node reads them: an exec
 * plugin; an auth provider whose config holds an exec block (any provider name); a `cmd-path` of
 * any value but null (gcp and azure quote whatever it is, append `cmd-args` and run it through a
 * shell, so `[sh]` or `1` start programs too); an oidc provider that can refresh its token, which
 * sends the refresh token to whatever issuer the kubeconfig names.
 */
export function programOfUser(user: KubeconfigUser): { readonly via: string; readonly command: string } | undefined {
  const exec = user.fields['exec'];
  if (exec !== undefined && exec !== null) return { via: 'an exec plugin', command: execCommand(exec) };
  const provider = user.fields['auth-provider'];
  if (provider === undefined || provider === null || typeof provider !== 'object') return undefined;
  const { name, config } = provider as { name?: unknown; config?: unknown };
  const via = typeof name === 'string' && name !== '' ? `the ${name} auth provider` : 'an auth provider';
  if (!config || typeof config !== 'object') return undefined;
  const settings = config as Record<string, unknown>;
  if (settings['exec']) return { via, command: execCommand(settings['exec']) };
  const cmdPath = settings['cmd-path'];
  if (cmdPath !== undefined && cmdPath !== null) return { via, command: typeof cmdPath === 'string' ? cmdPath : JSON.stringify(cmdPath) };
  if (name === 'oidc' && settings['client-id'] && settings['refresh-token'] && settings['idp-issuer-url']) {
    return { via, command: `a token refresh at ${String(settings['idp-issuer-url'])}` };
  }
  return undefined;
}

function execCommand(exec: unknown): string {
  const command = (exec as { command?: unknown }).command;
  return typeof command === 'string' ? command : '<no command>';
}

/**
 * The refusal for a target whose user would run a program while programs are not allowed (the
 * kubeconfig was loaded for a restricted workspace, or the process policy says so); undefined
 * when it may connect. connect() asks again, so a target built by hand is held to it too.
 */
export function programRefusal(target: Pick<KubeTarget, 'kubeconfig' | 'context' | 'user'>): KubeError | undefined {
  if (!target.kubeconfig.restricted && programsAllowed()) return undefined;
  const program = programOfUser(target.user);
  if (!program) return undefined;
  return kubeError(
    'restricted',
    `Context "${target.context.name}" uses ${program.via} (${program.command}); ${RESTRICTED_REMEDY}`,
    { operation: { verb: 'connect', context: target.context.name } },
  );
}

/**
 * The context to use: `context` if given, else the current one; the namespace: `namespace` if
 * given, else the context's, else "default". Errors name the contexts that exist.
 */
export function selectTarget(kubeconfig: Kubeconfig, selection: { context?: string; namespace?: string } = {}): Result<KubeTarget, KubeError> {
  const known = kubeconfig.contexts.map((c) => c.name);
  const knownText = known.length > 0 ? `known contexts: ${known.join(', ')}` : 'the kubeconfig defines no contexts';
  const filesText = kubeconfig.files.length > 0 ? kubeconfig.files.join(', ') : `${kubeconfig.primaryFile} (missing)`;
  const name = selection.context ?? kubeconfig.currentContext;
  if (name === undefined) {
    return err(kubeError('invalidKubeconfig', `No current context in ${filesText}; pass --context or run \`kubectl config use-context <name>\` (${knownText}).`));
  }
  const context = kubeconfig.contexts.find((c) => c.name === name);
  if (!context) return err(kubeError('invalidKubeconfig', `Context "${name}" is not in ${filesText} (${knownText}).`));
  const cluster = kubeconfig.clusters.find((c) => c.name === context.cluster);
  if (!cluster) return err(kubeError('invalidKubeconfig', `Context "${name}" (${context.file}) names cluster "${context.cluster}", which no kubeconfig file defines.`));
  if (!cluster.server) return err(kubeError('invalidKubeconfig', `Cluster "${cluster.name}" in ${cluster.file} has no server address.`));
  const user = kubeconfig.users.find((u) => u.name === context.user) ?? { name: context.user, file: context.file, fields: {} };
  const refused = programRefusal({ kubeconfig, context, user });
  if (refused) return err(refused);
  const namespace = selection.namespace ?? context.namespace ?? 'default';
  return ok({ kubeconfig, context, cluster, user, namespace });
}

// ---- Writing, only when asked ----

function readDocument(file: string): Result<Document, KubeError> {
  let text = '';
  try {
    if (existsSync(file)) text = readFileSync(file, 'utf8');
  } catch (error) {
    return err(kubeError('invalidKubeconfig', `Cannot read kubeconfig ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`));
  }
  const doc = parseDocument(text.trim() === '' ? 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n' : text);
  if (doc.errors.length > 0) return err(kubeError('invalidKubeconfig', `Invalid kubeconfig ${file}: ${doc.errors[0]!.message.split('\n')[0]}.`));
  return ok(doc);
}

function writeDocument(file: string, doc: Document): Result<void, KubeError> {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.berth-${process.pid}.tmp`;
    writeFileSync(tmp, doc.toString(), { mode: 0o600 });
    renameSync(tmp, file);
    return ok(undefined);
  } catch (error) {
    return err(kubeError('invalidKubeconfig', `Cannot write kubeconfig ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`));
  }
}

/** Like `kubectl config use-context`: sets current-context in the primary file. */
export function writeCurrentContext(kubeconfig: Kubeconfig, context: string): Result<void, KubeError> {
  if (!kubeconfig.contexts.some((c) => c.name === context)) {
    return err(kubeError('invalidKubeconfig', `Context "${context}" does not exist; cannot make it current.`));
  }
  const doc = readDocument(kubeconfig.primaryFile);
  if (!doc.ok) return doc;
  doc.value.set('current-context', context);
  return writeDocument(kubeconfig.primaryFile, doc.value);
}

/** Like `kubectl config set-context <name> --namespace`: edits the file that defines the context. */
export function writeContextNamespace(kubeconfig: Kubeconfig, context: string, namespace: string): Result<void, KubeError> {
  const found = kubeconfig.contexts.find((c) => c.name === context);
  if (!found) return err(kubeError('invalidKubeconfig', `Context "${context}" does not exist.`));
  const doc = readDocument(found.file);
  if (!doc.ok) return doc;
  const list = doc.value.get('contexts');
  if (!isSeq(list)) return err(kubeError('invalidKubeconfig', `Invalid kubeconfig ${found.file}: no contexts list.`));
  for (const item of list.items) {
    if (isMap(item) && item.get('name') === context) {
      doc.value.setIn(['contexts', list.items.indexOf(item), 'context', 'namespace'], namespace);
      return writeDocument(found.file, doc.value);
    }
  }
  return err(kubeError('invalidKubeconfig', `Context "${context}" was not found in ${found.file}.`));
}

/** The names a provisioned cluster registers (kind and kwokctl use one name for all three). */
export interface KubeconfigEntryNames {
  readonly context: string;
  readonly cluster: string;
  readonly user: string;
}

/**
 * Removes a context and its cluster and user entries from one file; used to roll back a failed
 * provisioning so no half-registered context stays. Clears current-context when it named it.
 * A file or entry that is not there is fine.
 */
export function removeKubeconfigEntries(file: string, names: KubeconfigEntryNames): Result<boolean, KubeError> {
  if (!existsSync(file)) return ok(false);
  const doc = readDocument(file);
  if (!doc.ok) return doc;
  let changed = false;
  for (const [key, name] of [['contexts', names.context], ['clusters', names.cluster], ['users', names.user]] as const) {
    const list = doc.value.get(key);
    if (!isSeq(list)) continue;
    const before = list.items.length;
    list.items = list.items.filter((item) => !(isMap(item) && item.get('name') === name));
    changed ||= list.items.length !== before;
  }
  if (doc.value.get('current-context') === names.context) {
    doc.value.set('current-context', '');
    changed = true;
  }
  if (!changed) return ok(false);
  const written = writeDocument(file, doc.value);
  return written.ok ? ok(true) : written;
}
