import * as vscode from 'vscode';
import type { Logger } from '../logging/logger';
import { type ErrorAction, presentError } from '../core/errorPresentation';
import { showErrorMessage, showWarningMessage } from './messages';
import { shownText } from '../core/shownText';
import { type CommandId, CommandIds } from '../core/commandIds';

const ACTION_LABELS: Record<ErrorAction, string> = { signIn: 'Sign In Again', retry: 'Retry', showLogs: 'Show Logs' };

/** What each command's handler takes; `commands/commandArguments.ts` says it per command. */
export type ArgumentsByCommand = { [Id in CommandId]: readonly unknown[] };

/** What a command family registers its handlers with and reports failures outside a command to. */
export interface CommandRegistrar<Arguments extends ArgumentsByCommand = ArgumentsByCommand> {
  register<Id extends CommandId>(id: Id, title: string, handler: (...args: Arguments[Id]) => unknown): void;
  report(error: unknown, title: string, retryCommand?: CommandId, retryArgs?: unknown[]): Promise<void>;
}

/**
 * Registers every command of the extension through one error policy: a failure is logged in full (with the
 * correlation ID support asks for) and shown briefly with the actions that help; a user's cancel is silent.
 */
export class CommandRegistry<Arguments extends ArgumentsByCommand = ArgumentsByCommand> implements CommandRegistrar<Arguments> {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly logger: Logger,
  ) {}

  /**
   * The handler takes what `Arguments` says the command accepts; VS Code hands whatever the caller (a menu, a
   * keybinding, another extension) passed, so each handler checks its arguments itself (see core/input.ts).
   */
  register<Id extends CommandId>(id: Id, title: string, handler: (...args: Arguments[Id]) => unknown): void {
    this.registerWithPolicy(id, () => ({ title, handler }));
  }

  /**
   * Registers a family's commands now and loads the family when one of them first runs, so that its code (a bundle
   * of its own, see esbuild.js) stays out of activation. `load` registers the family's handlers on the registrar it
   * is given, which must be exactly `ids`; what `load` returns is kept, and the function returned here loads the
   * family (once) and gives it, for wiring that needs the family outside its commands.
   */
  registerFamily<Loaded>(family: string, ids: readonly CommandId[], load: (registrar: CommandRegistrar<Arguments>) => Loaded): () => Loaded {
    const handlers = new Map<CommandId, { title: string; handler: (...args: never[]) => unknown }>();
    let loaded: { value: Loaded } | undefined;
    const ensureLoaded = (): Loaded => {
      if (!loaded) {
        const value = load({ register: (id, title, handler) => void handlers.set(id, { title, handler }), report: (...args) => this.report(...args) });
        const unexpected = [...handlers.keys()].filter((id) => !ids.includes(id));
        const missing = ids.filter((id) => !handlers.has(id));
        if (unexpected.length > 0 || missing.length > 0) {
          throw new Error(
            `The ${family} commands do not match their list: missing ${missing.join(', ') || 'none'}, unexpected ${unexpected.join(', ') || 'none'}.`,
          );
        }
        loaded = { value };
      }
      return loaded.value;
    };
    for (const id of ids) {
      this.registerWithPolicy(id, () => {
        ensureLoaded();
        return handlers.get(id) as { title: string; handler: (...args: never[]) => unknown };
      });
    }
    return ensureLoaded;
  }

  /** `resolve` gives the command's title and handler when it runs; what either throws goes through `report`. */
  private registerWithPolicy(id: CommandId, resolve: () => { title: string; handler: (...args: never[]) => unknown }): void {
    this.context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        let title = 'Genesys Cloud Licenses';
        try {
          const command = resolve();
          title = command.title;
          return await command.handler(...(args as never[]));
        } catch (error) {
          // Not awaited: the command settles now; the notification waits for the user on its own.
          void this.report(error, title, id, args);
          return undefined;
        }
      }),
    );
  }

  /** Shows a failure by the one policy; also used by views for failures outside a command. */
  async report(error: unknown, title: string, retryCommand?: CommandId, retryArgs: unknown[] = []): Promise<void> {
    const presentation = presentError(error, title);
    if (presentation.silent) {
      this.logger.debug(`${title}: cancelled by the user.`);
      return;
    }
    this.logger.error(presentation.logDetail);
    const actions = presentation.actions.filter((action) => action !== 'retry' || retryCommand);
    const show = presentation.severity === 'warning' ? showWarningMessage : showErrorMessage;
    const chosen = await show(presentation.message, ...actions.map((action) => ACTION_LABELS[action]));
    const action = actions.find((candidate) => ACTION_LABELS[candidate] === chosen);
    if (action === 'signIn') {
      await vscode.commands.executeCommand(CommandIds.signIn);
    } else if (action === 'retry' && retryCommand) {
      await vscode.commands.executeCommand(retryCommand, ...retryArgs);
    } else if (action === 'showLogs') {
      this.logger.channel.show(true);
    }
  }
}

/** Runs slow work under a cancellable progress notification, handing the work an AbortSignal for its requests. */
export function withCancellableProgress<T>(
  title: string,
  work: (signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>,
): Thenable<T> {
  // The title and every message pass through `shownText`: a progress notification renders links as any other does.
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: shownText(title), cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    const inertProgress = {
      report: (value: { message?: string; increment?: number }) => {
        progress.report({ ...value, message: value.message === undefined ? undefined : shownText(value.message) });
      },
    };
    return work(controller.signal, inertProgress).finally(() => {
      subscription.dispose();
    });
  });
}
