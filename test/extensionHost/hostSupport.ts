/** Shared by the extension-host suites: the extension's API, waiting, and connections of their own. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Connection } from '../../src/core/connection';
import type { CognitoExplorerApi } from '../../src/extension/extension';
import { ENDPOINT_ENV } from '../support/hostProtocol';
import { seedStandard, type Seeded } from '../support/seed';

export const EXTENSION_ID = 'cognito-explorer.cognito-explorer';

export async function extensionApi(): Promise<CognitoExplorerApi> {
  const extension = vscode.extensions.getExtension<CognitoExplorerApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
  return extension.activate();
}

export function motoEndpoint(): string {
  const endpoint = process.env[ENDPOINT_ENV] ?? '';
  assert.ok(endpoint, `${ENDPOINT_ENV} must point at a running moto server`);
  return endpoint;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function configured(): Connection[] {
  return (vscode.workspace.getConfiguration('cognitoExplorer').inspect<Connection[]>('connections')?.globalValue ?? []) as Connection[];
}

/** Adds (or replaces) connections next to whatever other suites configured, and waits until the extension sees them. */
export async function addConnections(api: CognitoExplorerApi, connections: Connection[]): Promise<void> {
  const ids = new Set(connections.map((c) => c.id));
  await vscode.workspace.getConfiguration('cognitoExplorer').update('connections', [...configured().filter((c) => !ids.has(c.id)), ...connections], vscode.ConfigurationTarget.Global);
  await waitFor('the connections to load', () => connections.every((c) => api.settings.connection(c.id)?.endpointUrl === c.endpointUrl));
  await api.sessions.ready;
}

/** Signs out of and removes the given connections. */
export async function removeConnections(api: CognitoExplorerApi, ids: string[]): Promise<void> {
  for (const id of ids) await api.sessions.clear(id);
  await vscode.workspace.getConfiguration('cognitoExplorer').update('connections', configured().filter((c) => !ids.includes(c.id)), vscode.ConfigurationTarget.Global);
}

export function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A tree's children as the view would ask for them (roots without a node). */
export async function treeChildren<T>(provider: vscode.TreeDataProvider<T>, node?: T): Promise<T[]> {
  return (await provider.getChildren(node)) ?? [];
}

/** A seeded moto pool and the extension's API, with connections to it (named by id) added for one suite. */
export async function seededMotoConnections(prefix: string, names: Record<string, string>): Promise<{ api: CognitoExplorerApi; seed: Seeded; connections: Connection[] }> {
  const endpoint = motoEndpoint();
  const seed = await seedStandard(endpoint, { bucketPrefix: `${prefix}-${Date.now().toString(36)}` });
  const api = await extensionApi();
  const connections = Object.entries(names).map(([id, name]) => ({ id, name, region: 'us-east-1', userPoolId: seed.pool.id, clientId: seed.pool.publicClient.id, endpointUrl: endpoint }));
  await addConnections(api, connections);
  return { api, seed, connections };
}

/** The hovers' text as a person reads it: appendText escapes Markdown punctuation and spaces. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
    .join('\n')
    .replace(/\\([\\`*_{}[\]()#+\-!~.$])/g, '$1')
    .replace(/&nbsp;/g, ' ');
}
