import * as vscode from 'vscode';

/**
 * The feature toggles looked up in each org, newest first: the palette offers them again, and the explorer's
 * "Feature toggles" node lists them with their state. Kept per connection, in global state (names are not secret).
 */
export class ToggleHistory {
  private readonly changeEmitter = new vscode.EventEmitter<string>();
  /** Fires with the connection ID whose list changed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly state: vscode.Memento) {}

  private key(connectionId: string): string {
    return `genesysLicenses.toggles.${connectionId}`;
  }

  names(connectionId: string): string[] {
    return this.state.get<string[]>(this.key(connectionId), []);
  }

  async remember(connectionId: string, featureName: string): Promise<void> {
    const names = [featureName, ...this.names(connectionId).filter((name) => name !== featureName)].slice(0, 50);
    await this.state.update(this.key(connectionId), names);
    this.changeEmitter.fire(connectionId);
  }

  async forget(connectionId: string): Promise<void> {
    await this.state.update(this.key(connectionId), undefined);
    this.changeEmitter.fire(connectionId);
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
