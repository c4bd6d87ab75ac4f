import * as vscode from 'vscode';
import { HostStatsMonitor, wantsReset, type HostStats } from './hostStats';

/** Internal: registered but not contributed in package.json, so the command palette never lists it. */
export const HOST_STATS_COMMAND = 'berth.testing.hostStats';

/** `berth.testing.hostStats` (optionally `{ reset: true }`) answers the host's memory and event-loop delay. */
export function registerHostStats(): vscode.Disposable {
  const monitor = new HostStatsMonitor();
  const command = vscode.commands.registerCommand(HOST_STATS_COMMAND, (options?: unknown): HostStats => monitor.read(wantsReset(options)));
  return vscode.Disposable.from(command, { dispose: () => monitor.dispose() });
}
