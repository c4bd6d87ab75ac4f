import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Ctx } from '../ctx';
import type { ClusterExplorer } from '../views/clusters/explorer';
import { renderCommand } from './render';

/** What commands may use; each factory takes what it needs. */
export interface CommandDeps {
  readonly ctx: Ctx;
  /** The language client once started; undefined before, or when the server did not start. */
  readonly client: () => LanguageClient | undefined;
  readonly clusters: ClusterExplorer;
}

export type CommandFactory = (deps: CommandDeps) => (...args: unknown[]) => unknown;

/** Every command of package.json `contributes.commands`, by id. */
const commands: Record<string, CommandFactory> = {
  'berth.render': renderCommand,
  'berth.clusters.refresh': ({ clusters }) => () => clusters.refresh(),
};

export function registerCommands(deps: CommandDeps): void {
  for (const [id, factory] of Object.entries(commands)) deps.ctx.own(vscode.commands.registerCommand(id, factory(deps)));
}
