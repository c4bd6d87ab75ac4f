import * as vscode from 'vscode';
import type { KubeError } from '../../../kube';
import type { Prompts } from '../prompts/prompts';
import { fixesFor, HOW_TO_START, OPEN_LOG, REGISTER_KUBECONFIG, SELECT_CONTEXT } from './fixes';

export { OPEN_LOG } from './fixes';

export interface Feedback {
  readonly prompts: Prompts;
  readonly log: vscode.LogOutputChannel;
}

/**
 * Tells the user an operation failed: the error's own actionable message, "Open log", and the
 * fix when there is one. A cancellation is not a failure: it is only logged.
 */
export async function reportError(feedback: Feedback, error: KubeError, what: string): Promise<void> {
  if (error.kind === 'cancelled') {
    feedback.log.info(`${what}: cancelled`);
    return;
  }
  feedback.log.error(`${what}: ${error.message}${error.detail && !error.message.includes(error.detail) ? ` (${error.detail})` : ''}`);
  const choice = await feedback.prompts.message('error', `Berth: ${error.message}`, ...fixesFor(error), OPEN_LOG);
  await runFix(feedback, choice);
}

/** Shows a failure that is not a KubeError (bad input, a missing document) with the log at hand. */
export async function reportProblem(feedback: Feedback, message: string): Promise<void> {
  feedback.log.warn(message);
  const choice = await feedback.prompts.message('error', `Berth: ${message}`, OPEN_LOG);
  await runFix(feedback, choice);
}

async function runFix(feedback: Feedback, choice: string | undefined): Promise<void> {
  switch (choice) {
    case OPEN_LOG:
      feedback.log.show(true);
      return;
    case SELECT_CONTEXT:
      await vscode.commands.executeCommand('berth.useContext');
      return;
    case REGISTER_KUBECONFIG:
      await vscode.commands.executeCommand('berth.registerKubeconfig');
      return;
    case HOW_TO_START:
      // An installed extension cannot run the repository's scripts: say what to run instead.
      await feedback.prompts.message(
        'info',
        'Berth: the local cluster runs from the Berth repository: run `npm run cluster -- up` there (or `npm start`, which also opens VS Code on samples/), then retry. `npm run cluster -- status` says whether it is up.',
      );
      return;
    default:
      return;
  }
}

export interface ProgressReporter {
  /** A short line under the title, e.g. the current rollout state. */
  report(message: string): void;
}

/**
 * Runs `task` under a progress notification with a Cancel button; cancelling aborts the
 * AbortSignal the task passes to the cluster operations.
 */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal, progress: ProgressReporter) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        return await task(controller.signal, { report: (message) => progress.report({ message }) });
      } finally {
        subscription.dispose();
      }
    }),
  );
}
