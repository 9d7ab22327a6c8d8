/** The last sign-in trace of each connection, in memory only (it dies with the window; nothing secret is in it anyway). */
import * as vscode from 'vscode';
import type { SignInTrace } from '../../core/auth/trace';
import type { Connection } from '../../core/connection';

export interface RecordedTrace {
  connectionId: string;
  connectionName: string;
  /** The connection as it was when the sign-in ran (the Sessions view shows failed sign-ins under it). */
  connection: Connection;
  username: string;
  flow: string;
  /** "signed in", "waiting for SOFTWARE_TOKEN_MFA", "failed: <sentence>". */
  outcome: string;
  at: number;
  trace: SignInTrace;
}

export class SignInTraceStore implements vscode.Disposable {
  private readonly traces = new Map<string, RecordedTrace>();
  private readonly emitter = new vscode.EventEmitter<string>();
  /** Fires with the connection id whose trace changed. */
  readonly onDidChange = this.emitter.event;

  record(entry: RecordedTrace): void {
    this.traces.set(entry.connectionId, { ...entry, trace: [...entry.trace] });
    this.emitter.fire(entry.connectionId);
  }

  get(connectionId: string): RecordedTrace | undefined {
    return this.traces.get(connectionId);
  }

  /** Connection ids with a trace, most recent first. */
  ids(): string[] {
    return [...this.traces.values()].sort((a, b) => b.at - a.at).map((t) => t.connectionId);
  }

  forget(connectionId: string): void {
    if (this.traces.delete(connectionId)) this.emitter.fire(connectionId);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
