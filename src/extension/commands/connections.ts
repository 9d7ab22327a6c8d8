import * as vscode from 'vscode';
import {
  type Connection,
  isIdentityOnly,
  validateClientId,
  validateEndpointUrl,
  validateIdentityPoolId,
  validateName,
  validateRegion,
  validateUserPoolId,
} from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import { registerSecret } from '../../core/redact';
import { changesIdentity, type ConnectionDraft, connectionFromDraft, draftProblem, newConnectionId } from '../connections/connectionsModel';
import { draftOfIdentity } from '../connections/identitySettings';
import { identitySteps } from '../connections/identitySteps';
import { runSteps, type InputStep } from '../platform/multiStepInput';
import type { IdentitySessions } from '../session/identitySessions';
import { automationArg, type CommandDeps, pickConnection } from './deps';

/** Typed into the secret step of "Edit Connection" to drop a stored client secret. */
const REMOVE_SECRET = 'none';

function connectionSteps(taken: readonly string[], editing?: Connection): InputStep<ConnectionDraft>[] {
  return [
    {
      prompt: 'A name for this connection',
      placeholder: 'dev pool',
      value: (s) => s.name,
      validate: (v) => validateName(v, taken),
      apply: (s, v) => (s.name = v.trim()),
    },
    {
      prompt: 'AWS region of the user pool',
      placeholder: 'us-east-1',
      value: (s) => s.region,
      validate: (v) => validateRegion(v),
      apply: (s, v) => (s.region = v.trim()),
    },
    {
      prompt: 'User pool id (leave empty for a connection that only gets guest or developer identities)',
      placeholder: 'us-east-1_AbC123xyz',
      value: (s) => s.userPoolId,
      // An emulator's `local_...` id passes here; the endpoint step insists on an endpoint for it.
      validate: (v, s) => (v.trim() ? validateUserPoolId(v, s.region, true) : undefined),
      apply: (s, v) => (s.userPoolId = v.trim()),
    },
    {
      prompt: 'App client id',
      placeholder: '1example23456789',
      when: (s) => Boolean(s.userPoolId),
      value: (s) => s.clientId,
      validate: (v) => validateClientId(v),
      apply: (s, v) => (s.clientId = v.trim()),
    },
    {
      prompt: editing?.hasClientSecret
        ? `Client secret: leave empty to keep the stored one, or type "${REMOVE_SECRET}" to remove it (kept in SecretStorage only)`
        : 'Client secret, only if the app client has one (kept in SecretStorage only; leave empty otherwise)',
      placeholder: 'optional',
      password: true,
      when: (s) => Boolean(s.userPoolId),
      validate: () => undefined,
      apply: (s, v) => {
        s.clientSecret = v.trim() || undefined;
        registerSecret(s.clientSecret);
      },
    },
    {
      prompt: 'Identity pool id, to get AWS credentials (optional)',
      placeholder: 'us-east-1:1a2b3c4d-5678-90ab-cdef-1234567890ab',
      value: (s) => s.identityPoolId,
      validate: (v, s) => (!v.trim() && !s.userPoolId ? 'Without a user pool the connection only gets AWS credentials: enter the identity pool id.' : validateIdentityPoolId(v, s.region)),
      apply: (s, v) => (s.identityPoolId = v.trim() || undefined),
    },
    ...identitySteps(),
    {
      prompt: 'Endpoint URL, only for a local emulator (optional; leave empty for AWS)',
      placeholder: 'http://127.0.0.1:5000',
      value: (s) => s.endpointUrl,
      validate: (v, s) => validateEndpointUrl(v) ?? (s.userPoolId ? validateUserPoolId(s.userPoolId, s.region, v) : undefined),
      apply: (s, v) => (s.endpointUrl = v.trim() || undefined),
    },
  ];
}

function offerSignIn(conn: Connection, message: string): void {
  // Guest and developer connections have nobody to sign in: their next step is the credentials.
  const [action, command] = isIdentityOnly(conn) ? ['Get AWS Credentials', 'cognitoExplorer.getCredentials'] : ['Sign In', 'cognitoExplorer.signIn'];
  void vscode.window.showInformationMessage(message, action).then((answer) => {
    if (answer) void vscode.commands.executeCommand(command, conn.id);
  });
}

export function register(deps: CommandDeps, identity?: IdentitySessions): void {
  const { commands, settings, sessions, logger } = deps;

  commands.register('cognitoExplorer.addConnection', async (arg?: unknown): Promise<string | undefined> => {
    const existing = settings.connections();
    const taken = existing.map((c) => c.name);
    const given = automationArg<ConnectionDraft>(arg);
    let draft: ConnectionDraft | undefined;
    if (given?.userPoolId) {
      draft = given as ConnectionDraft;
      registerSecret(draft.clientSecret);
      const problem = draftProblem(draft, taken);
      if (problem) throw new UserFacingError(problem, 'InvalidConnection');
    } else {
      draft = await runSteps('Cognito: Add Connection', connectionSteps(taken), { name: '', region: 'us-east-1', userPoolId: '', clientId: '' });
    }
    if (!draft) return undefined;
    const conn = connectionFromDraft(draft, newConnectionId(draft.name));
    // The secret first: once the setting lands, trees and sign-in may read it.
    if (draft.clientSecret) await sessions.store.setClientSecret(conn.id, draft.clientSecret);
    await settings.writeConnections([...existing, conn]);
    logger.info(`Added connection "${conn.name}" (${conn.userPoolId}, client ${conn.clientId}${conn.endpointUrl ? `, endpoint ${conn.endpointUrl}` : ''})`);
    if (!given) offerSignIn(conn, `Added connection "${conn.name}".`);
    return conn.id;
  });

  commands.register('cognitoExplorer.editConnection', async (arg?: unknown): Promise<string | undefined> => {
    const before = await pickConnection(deps, arg, { placeHolder: 'Edit which connection?' });
    if (!before) return undefined;
    const others = settings.connections().filter((c) => c.id !== before.id);
    const draft = await runSteps<ConnectionDraft>(`Cognito: Edit Connection "${before.name}"`, connectionSteps(others.map((c) => c.name), before), {
      name: before.name,
      region: before.region,
      userPoolId: before.userPoolId,
      clientId: before.clientId,
      identityPoolId: before.identityPoolId,
      endpointUrl: before.endpointUrl,
      ...draftOfIdentity(before),
    });
    if (!draft) return undefined;
    const removeSecret = draft.clientSecret === REMOVE_SECRET;
    const newSecret = removeSecret ? undefined : draft.clientSecret;
    const after: Connection = {
      ...connectionFromDraft({ ...draft, clientSecret: undefined }, before.id),
      ...(newSecret || (before.hasClientSecret && !removeSecret) ? { hasClientSecret: true } : {}),
      // Set only in settings.json (no input step), so editing the rest must not drop them.
      ...(before.refreshTokenRotation ? { refreshTokenRotation: true } : {}),
      ...(before.clientMetadata ? { clientMetadata: before.clientMetadata } : {}),
    };
    if (newSecret || removeSecret) await sessions.store.setClientSecret(before.id, newSecret);
    if (changesIdentity(before, after)) await sessions.clear(before.id);
    // Identity ids, guest/developer credentials and a backend password belong to the old identity pool or backend.
    if (before.identityPoolId !== after.identityPoolId || before.identityFlow !== after.identityFlow || before.developerBackend?.loginUrl !== after.developerBackend?.loginUrl) {
      await identity?.forgetConnection(before.id);
    }
    const all = settings.connections().map((c) => (c.id === before.id ? after : c));
    await settings.writeConnections(all);
    logger.info(`Edited connection "${after.name}"`);
    return after.id;
  });

  commands.register('cognitoExplorer.removeConnection', async (arg?: unknown): Promise<boolean> => {
    const conn = await pickConnection(deps, arg, { placeHolder: 'Remove which connection?' });
    if (!conn) return false;
    if (!automationArg(arg)) {
      const answer = await vscode.window.showWarningMessage(
        `Remove the connection "${conn.name}"? Its session and client secret are deleted from SecretStorage too.`,
        { modal: true },
        'Remove',
      );
      if (answer !== 'Remove') return false;
    }
    await sessions.clear(conn.id);
    await sessions.store.setClientSecret(conn.id, undefined);
    await identity?.forgetConnection(conn.id);
    await settings.writeConnections(settings.connections().filter((c) => c.id !== conn.id));
    logger.info(`Removed connection "${conn.name}"`);
    return true;
  });
}
