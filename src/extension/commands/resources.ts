/**
 * What to do with an S3 object in the Resources view: open it read-only, download it, copy its S3 URI, a presigned
 * URL or its ARN. Tree-only commands (hidden from the palette); each accepts a node and refuses no argument politely.
 */
import { homedir } from 'node:os';
import { posix } from 'node:path';
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { MAX_PRESIGN_SECONDS, downloadObject, presignGetUrl, readTextObject, s3Arn, s3Uri } from '../../core/resources/s3';
import { formatRemaining } from '../../core/session';
import { FolderNode, ObjectNode } from '../tree/resourcesTree';
import { withCancellableProgress } from '../platform/progress';
import { automationArg, type CommandDeps } from './deps';

const OBJECT_SCHEME = 'cognito-explorer-s3';

const EXPIRY_PICKS: { label: string; seconds: number }[] = [
  { label: '15 minutes', seconds: 15 * 60 },
  { label: '1 hour', seconds: 3600 },
  { label: '12 hours', seconds: 12 * 3600 },
  { label: '7 days (the longest S3 allows)', seconds: MAX_PRESIGN_SECONDS },
];

function objectOf(arg: unknown): ObjectNode {
  if (arg instanceof ObjectNode) return arg;
  throw new UserFacingError('Choose an object in the Resources view first (right-click it).', 'NoObject');
}

function placeOf(arg: unknown): ObjectNode | FolderNode {
  if (arg instanceof ObjectNode || arg instanceof FolderNode) return arg;
  throw new UserFacingError('Choose a bucket, folder or object in the Resources view first (right-click it).', 'NoObject');
}

export function register(deps: CommandDeps): void {
  const { commands, logger, context } = deps;
  // Opened objects live in memory only, keyed by their URI, until the window closes or the document is closed.
  const opened = new Map<string, string>();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(OBJECT_SCHEME, {
      provideTextDocumentContent: (uri) => opened.get(uri.toString()) ?? 'This object is no longer loaded; open it again from the Resources view.\n',
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === OBJECT_SCHEME) opened.delete(doc.uri.toString());
    }),
  );

  commands.register('cognitoExplorer.openObject', async (arg?: unknown): Promise<string | undefined> => {
    const node = objectOf(arg);
    const uri = s3Uri(node.bucket, node.key);
    const object = await withCancellableProgress(`Opening ${uri}…`, async () => readTextObject(await node.target(), node.bucket, node.key));
    const docUri = vscode.Uri.from({ scheme: OBJECT_SCHEME, path: `/${node.bucket}/${node.key}` });
    opened.set(docUri.toString(), object.text);
    const doc = await vscode.workspace.openTextDocument(docUri);
    await vscode.window.showTextDocument(doc, { preview: true });
    logger.info(`Opened ${uri} read-only (${object.size} bytes${object.contentType ? `, ${object.contentType}` : ''}).`);
    return docUri.toString();
  });

  commands.register('cognitoExplorer.downloadObject', async (arg?: unknown, options?: unknown): Promise<string | undefined> => {
    const node = objectOf(arg);
    const uri = s3Uri(node.bucket, node.key);
    const given = automationArg<{ destination: string }>(options)?.destination;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
    const target = given
      ? vscode.Uri.file(given)
      : await vscode.window.showSaveDialog({ title: `Download ${uri}`, defaultUri: vscode.Uri.joinPath(folder, posix.basename(node.key) || 'object'), saveLabel: 'Download' });
    if (!target) return undefined;
    const { bytes } = await withCancellableProgress(`Downloading ${uri}…`, async () => downloadObject(await node.target(), node.bucket, node.key, target.fsPath));
    logger.info(`Downloaded ${uri} to ${target.fsPath} (${bytes} bytes).`);
    if (!given) void vscode.window.showInformationMessage(`Saved ${uri} to ${target.fsPath}.`);
    return target.fsPath;
  });

  const copy = async (text: string, what: string, quiet: boolean): Promise<string> => {
    await vscode.env.clipboard.writeText(text);
    if (!quiet) void vscode.window.setStatusBarMessage(`Copied ${what}`, 3000);
    return text;
  };

  commands.register('cognitoExplorer.copyObjectUri', (arg?: unknown) => {
    const node = placeOf(arg);
    return copy(s3Uri(node.bucket, node.key), 'the S3 URI', false);
  });

  commands.register('cognitoExplorer.copyArn', (arg?: unknown) => {
    const node = placeOf(arg);
    return copy(s3Arn(node.bucket, node.key, node.region), 'the ARN', false);
  });

  commands.register('cognitoExplorer.copyPresignedUrl', async (arg?: unknown, options?: unknown): Promise<string | undefined> => {
    const node = objectOf(arg);
    const given = automationArg<{ expiresInSeconds: number }>(options)?.expiresInSeconds;
    const seconds =
      given ??
      (
        await vscode.window.showQuickPick(EXPIRY_PICKS.map((p) => ({ label: p.label, value: p.seconds })), {
          title: `Presigned URL for ${s3Uri(node.bucket, node.key)}`,
          placeHolder: 'Valid for how long? (it also stops working when the AWS credentials that signed it expire)',
          ignoreFocusOut: true,
        })
      )?.value;
    if (seconds === undefined) return undefined;
    const target = await node.target();
    const url = await presignGetUrl(target, node.bucket, node.key, seconds);
    await copy(url, 'the presigned URL', true);
    // Temporary credentials cap the URL's life: say so instead of letting a 7-day link die within the hour.
    const credsLeft = target.credentials?.expiration ? target.credentials.expiration.getTime() - Date.now() : undefined;
    const capped = credsLeft !== undefined && credsLeft < seconds * 1000;
    logger.info(`Copied a presigned URL for ${s3Uri(node.bucket, node.key)} valid for ${formatRemaining(seconds * 1000)}.`);
    if (given === undefined) {
      void vscode.window.showInformationMessage(
        capped
          ? `Copied a presigned URL. The credentials that signed it expire in ${formatRemaining(credsLeft)}, and the URL stops working then.`
          : `Copied a presigned URL, valid for ${formatRemaining(seconds * 1000)}. Anyone with the link can download the object.`,
      );
    }
    return url;
  });
}
