import * as vscode from 'vscode';
import type { ClientLogger } from '../api';
import { redactor } from '../core/redact';

/**
 * The extension's log: a LogOutputChannel (its level is set with "Developer: Set Log Level…"), with every line
 * passed through the redactor first so a token or secret never reaches it.
 */
export class Logger implements ClientLogger {
  /** The extension's one redactor, shared with notifications, documents and exports. */
  readonly redactor = redactor;

  constructor(readonly channel: vscode.LogOutputChannel) {}

  trace(message: string): void {
    this.channel.trace(this.redactor.redact(message));
  }
  debug(message: string): void {
    this.channel.debug(this.redactor.redact(message));
  }
  info(message: string): void {
    this.channel.info(this.redactor.redact(message));
  }
  warn(message: string): void {
    this.channel.warn(this.redactor.redact(message));
  }
  error(message: string): void {
    this.channel.error(this.redactor.redact(message));
  }
}
