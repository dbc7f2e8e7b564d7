import type * as vscode from 'vscode';
import type { RetryNotice } from '../api';
import { withCancellableProgress } from './registry';

/** What slow work sees: the signal its requests take, and a way to say how far it got. */
export interface TaskProgress {
  readonly signal: AbortSignal;
  /** Says what is happening; with `done` of `total`, also moves the bar. */
  report(message: string, done?: number, total?: number): void;
}

/** A client's retry said in words, for the progress line: the wait is the reason the bar stands still. */
export function describeRetry(notice: RetryNotice): string {
  const seconds = Math.max(1, Math.round(notice.delayMs / 1000));
  switch (notice.reason) {
    case 'rate-limited':
      return `Rate limited by Genesys Cloud${notice.limitKey ? ` (${notice.limitKey})` : ''}; waiting ${seconds} s…`;
    case 'server-error':
      return `Genesys Cloud answered ${notice.status ?? 'with an error'}; trying again in ${seconds} s…`;
    case 'network-error':
      return `Genesys Cloud could not be reached; trying again in ${seconds} s…`;
  }
}

/** Where the client's retries are announced (the session manager, for the active org's client). */
export interface RetryEvents {
  readonly onDidRetry: vscode.Event<RetryNotice>;
}

/**
 * Runs slow work under a cancellable notification: the bar follows `report`, and while the client waits out a rate
 * limit or a failed attempt the message says so and for how long.
 */
export function runWithProgress<T>(sessions: RetryEvents, title: string, work: (task: TaskProgress) => Promise<T>): Thenable<T> {
  return withCancellableProgress(title, async (signal, progress: vscode.Progress<{ message?: string; increment?: number }>) => {
    let percentShown = 0;
    const task: TaskProgress = {
      signal,
      report(message, done, total) {
        // VS Code's bar takes increments; a bar never moves back.
        const percent = done !== undefined && total ? Math.min(100, (done / total) * 100) : percentShown;
        const increment = Math.max(0, percent - percentShown);
        percentShown += increment;
        progress.report({ message, increment });
      },
    };
    const retries = sessions.onDidRetry((notice) => progress.report({ message: describeRetry(notice) }));
    try {
      return await work(task);
    } finally {
      retries.dispose();
    }
  });
}
