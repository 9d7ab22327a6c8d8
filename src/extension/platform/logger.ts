import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { logLine as line } from '../../core/redact';

/** The core's Logger on top of a LogOutputChannel; every line is redacted before it reaches the channel. */
export class OutputLogger implements Logger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(name = 'Cognito Explorer') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  trace(message: string, ...args: unknown[]): void {
    this.channel.trace(line(message, args));
  }
  debug(message: string, ...args: unknown[]): void {
    this.channel.debug(line(message, args));
  }
  info(message: string, ...args: unknown[]): void {
    this.channel.info(line(message, args));
  }
  warn(message: string, ...args: unknown[]): void {
    this.channel.warn(line(message, args));
  }
  error(message: string | Error, ...args: unknown[]): void {
    this.channel.error(line(message, args));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
