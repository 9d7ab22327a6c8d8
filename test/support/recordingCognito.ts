/**
 * A cognito-idp endpoint (JSON 1.1) for the operations moto does not implement (DeleteUser, RevokeToken,
 * ResendConfirmationCode, GetUserAttributeVerificationCode, VerifyUserAttribute, attribute updates that need a
 * code): each answer is an AWS-shaped response the test provides, and every request is recorded so the test
 * can check exactly what the extension sent.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  operation: string;
  body: Record<string, unknown>;
}

/** Returns the response body, or throws `awsError(type, message)` to answer with an AWS error. */
export type Handler = (body: Record<string, unknown>) => unknown;

export interface RecordingCognito {
  endpoint: string;
  calls: RecordedCall[];
  /** Replace or add answers while the server runs. */
  handlers: Record<string, Handler>;
  stop(): Promise<void>;
}

export function awsError(type: string, message: string): Error {
  return Object.assign(new Error(message), { awsType: type });
}

export async function startRecordingCognito(handlers: Record<string, Handler> = {}): Promise<RecordingCognito> {
  const calls: RecordedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      const send = (status: number, payload: unknown, errorType?: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
        res.end(JSON.stringify(payload));
      };
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return send(400, { __type: 'SerializationException', message: 'Body is not JSON.' }, 'SerializationException');
      }
      calls.push({ operation, body });
      const handler = state.handlers[operation];
      if (!handler) return send(400, { __type: 'UnknownOperationException', message: `No recorded answer for ${operation}.` }, 'UnknownOperationException');
      try {
        send(200, handler(body) ?? {});
      } catch (err) {
        const type = (err as { awsType?: string }).awsType ?? 'InternalErrorException';
        send(type === 'InternalErrorException' ? 500 : 400, { __type: type, message: (err as Error).message }, type);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const state: RecordingCognito = {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    handlers,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state;
}

/** An unsigned JWT with the given claims: enough for code that only decodes (expiry, username), never for verification. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}
