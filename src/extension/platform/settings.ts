import * as vscode from 'vscode';
import type { Connection } from '../../core/connection';
import type { Logger } from '../../core/ports';
import { type AuthFlow, parseAuthFlow, parseConnections, parsePageSize, parseRequestTimeout, settingOf } from '../connections/connectionsModel';
import { parseRefreshMinutes } from '../session/refreshScheduler';
import { DEFAULT_LEEWAY_SEC, parseLeeway } from '../../core/tokens/claims';
import { parseAttributeMaps, parsePoolAccess, type AttributeMaps, type PoolAccess } from '../pools/poolSettings';

export const SECTION = 'cognitoExplorer';

export interface Settings {
  connections: Connection[];
  defaultAuthFlow: AuthFlow;
  /** AWS profile for the admin sign-in flow; undefined: the default credential chain. */
  adminProfile?: string;
  s3PageSize: number;
  /** Minutes before expiry at which sessions are refreshed automatically; 0 turns automatic refresh off. */
  refreshMinutesBeforeExpiry: number;
  /** Leeway for the token panel's expiry, not-before and issued-at checks, in seconds. */
  tokenLeewaySeconds: number;
  /** How long one AWS or JWKS call may take before it fails with a sentence, in milliseconds. */
  requestTimeoutMs: number;
}

function adminProfileOf(raw: unknown): { adminProfile?: string } {
  return typeof raw === 'string' && raw.trim() ? { adminProfile: raw.trim() } : {};
}

/** The one typed reader of this extension's settings; read fresh on every use so edits apply at once. */
export class SettingsReader {
  private lastProblems = '';

  constructor(private readonly logger: Logger) {}

  read(): Settings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const { connections, problems } = parseConnections(config.get<unknown>('connections'));
    const joined = problems.join('\n');
    // Reported once per distinct problem set, not on every read.
    if (joined && joined !== this.lastProblems) problems.forEach((p) => this.logger.warn(p));
    this.lastProblems = joined;
    return {
      connections,
      defaultAuthFlow: parseAuthFlow(config.get<unknown>('defaultAuthFlow')),
      ...adminProfileOf(config.get<unknown>('adminProfile')),
      s3PageSize: parsePageSize(config.get<unknown>('s3PageSize')),
      refreshMinutesBeforeExpiry: parseRefreshMinutes(config.get<unknown>('refreshMinutesBeforeExpiry')),
      tokenLeewaySeconds: parseLeeway(config.get<unknown>('tokenLeewaySeconds')) ?? DEFAULT_LEEWAY_SEC,
      requestTimeoutMs: parseRequestTimeout(config.get<unknown>('requestTimeoutSeconds')),
    };
  }

  /** Whether JWTs in editors get a hover and a "Decode token" CodeLens (both on unless turned off). */
  editorTokens(): { hover: boolean; codeLens: boolean } {
    const config = vscode.workspace.getConfiguration(SECTION);
    return { hover: config.get<unknown>('editorTokens.hover') !== false, codeLens: config.get<unknown>('editorTokens.codeLens') !== false };
  }

  /** The User Pools view's admin access (profile, regions, endpoint). */
  poolAccess(): PoolAccess {
    const config = vscode.workspace.getConfiguration(SECTION);
    const { access, problems } = parsePoolAccess({
      profile: config.get<unknown>('userPools.profile'),
      regions: config.get<unknown>('userPools.regions'),
      endpointUrl: config.get<unknown>('userPools.endpointUrl'),
      regionsSet: ((i) => i?.globalValue !== undefined || i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined)(config.inspect('userPools.regions')),
    });
    problems.forEach((p) => this.reportOnce(p));
    return access;
  }

  /** The attribute maps (global merged with per pool); an invalid one is ignored and named once. */
  attributeMaps(): AttributeMaps {
    const config = vscode.workspace.getConfiguration(SECTION);
    const maps = parseAttributeMaps(config.get<unknown>('attributeMap'), config.get<unknown>('attributeMapsByPool'));
    maps.problems.forEach((p) => this.reportOnce(p));
    return maps;
  }

  private readonly reported = new Set<string>();

  /** Settings are read on every use; a problem is shown once per window, not on every read. */
  private reportOnce(sentence: string): void {
    if (this.reported.has(sentence)) return;
    this.reported.add(sentence);
    this.logger.warn(sentence);
    void vscode.window.showWarningMessage(sentence);
  }

  connections(): Connection[] {
    return this.read().connections;
  }

  connection(id: string): Connection | undefined {
    return this.connections().find((c) => c.id === id);
  }

  /** Writes the full list to user settings; entries are plain non-secret data. */
  async writeConnections(connections: Connection[]): Promise<void> {
    const plain = connections.map(settingOf);
    await vscode.workspace.getConfiguration(SECTION).update('connections', plain, vscode.ConfigurationTarget.Global);
  }

  static affects(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(SECTION);
  }
}
