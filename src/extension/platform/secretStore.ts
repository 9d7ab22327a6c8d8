import type * as vscode from 'vscode';
import type { SecretStore } from '../../core/ports';

/** The core's SecretStore backed by VS Code SecretStorage (the OS keychain on desktop). */
export class SecretStoreAdapter implements SecretStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(key));
  }
  store(key: string, value: string): Promise<void> {
    return Promise.resolve(this.secrets.store(key, value));
  }
  delete(key: string): Promise<void> {
    return Promise.resolve(this.secrets.delete(key));
  }
}
