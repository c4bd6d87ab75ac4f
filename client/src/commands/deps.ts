import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Ctx } from '../ctx';
import type { ReadOnlyDocuments } from '../documents/readOnlyDocuments';
import type { Prompts } from '../prompts/prompts';
import type { ClusterExplorer } from '../views/clusters/explorer';
import type { LogStreams } from './logStreams';
import type { ShellTerminals } from './shellTerminal';
import type { PortForwards } from '../views/portForwards';
import type { KubeSession } from './session';

/**
 * What commands may use; each factory takes what it needs. Declared apart from the registry
 * (index.ts) so that a command module never imports the module that imports every command.
 */
export interface CommandDeps {
  readonly ctx: Ctx;
  readonly log: vscode.LogOutputChannel;
  /** The language client once started; undefined before, or when the server did not start. */
  readonly client: () => LanguageClient | undefined;
  readonly clusters: ClusterExplorer;
  /** The context and namespace commands default to (in memory unless written to the kubeconfig). */
  readonly session: KubeSession;
  /** Quick picks, input boxes, confirmations and messages (replaceable by tests). */
  readonly prompts: Prompts;
  /** Read-only virtual documents (describe, events, deploy previews). */
  readonly documents: ReadOnlyDocuments;
  /** Followed logs, one output channel each. */
  readonly logs: LogStreams;
  /** Shell terminals attached to containers. */
  readonly shells: ShellTerminals;
  /** Running port forwards (their view and status bar item). */
  readonly forwards: PortForwards;
}

export type CommandFactory = (deps: CommandDeps) => (...args: unknown[]) => unknown;
