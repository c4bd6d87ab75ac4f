/**
 * Whether this process may run programs on the user's behalf: kubeconfig exec credential
 * plugins, auth-provider commands (`cmd-path`), kind and kwokctl.
 *
 * One process-wide switch rather than a flag threaded through every call: an extension host
 * serves one window, and every path that can start a program (connecting, running a tool) must
 * obey the window's Workspace Trust even when its caller forgot to ask. The CLI never changes it
 * (the user typed the command); the extension sets it from `vscode.workspace.isTrusted`
 * (client/src/trust.ts). VS Code only ever moves a window from restricted to trusted without a
 * reload, so the switch never has to take back a program already started.
 */
let allowed = true;

export function setProgramsAllowed(value: boolean): void {
  allowed = value;
}

export function programsAllowed(): boolean {
  return allowed;
}

/** The sentence every refusal ends with, so users learn one remedy. */
export const RESTRICTED_REMEDY = 'Berth runs no programs in a restricted workspace: trust the workspace to connect.';
