/**
 * A local HTTP endpoint that misbehaves on purpose, the way a broken network, proxy or emulator does: it stalls,
 * drips a body that never ends, throttles, answers 502 with an empty body, redirects, or breaks the connection.
 * Only loopback; every request is counted and every socket is destroyed on stop, so nothing outlives a test.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';

export type Fault =
  /** Accepts the request and never answers. */
  | 'stall'
  /** Sends 200 and a JSON header, then one byte a second of a body that never ends. */
  | 'drip'
  /** Answers every request as AWS does when throttling (HTTP 400 ThrottlingException; S3: 503 SlowDown). */
  | 'throttle'
  /** HTTP 502 with an empty body, as a proxy in front of a dead service does. */
  | 'bad-gateway'
  /** HTTP 302 to another host, as a captive portal or a misconfigured gateway does. */
  | 'redirect'
  /** Destroys the connection as soon as the request arrives. */
  | 'reset'
  /** Answers with an AWS error whose message carries terminal escapes (a hostile endpoint). */
  | 'hostile';

export interface FaultServer {
  endpoint: string;
  fault: Fault;
  /** Requests received so far (retries included). */
  requests: number;
  stop(): Promise<void>;
}

export const HOSTILE_MESSAGE = 'Bad\u001b]0;pwned\u0007 thing\u001b[2J\r\nerror: forged line';

// S3 speaks REST-XML (no X-Amz-Target header); the JSON services get JSON errors.
function awsError(req: IncomingMessage, res: ServerResponse, status: number, type: string, message: string): void {
  if (req.headers['x-amz-target']) {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
    res.end(JSON.stringify({ __type: type, message }));
    return;
  }
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${type}</Code><Message>${message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message></Error>`);
}

function answer(fault: Fault, req: IncomingMessage, res: ServerResponse): void {
  const s3 = !req.headers['x-amz-target'];
  switch (fault) {
    case 'stall':
      return;
    case 'drip': {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '100000' });
      res.write('{');
      const timer = setInterval(() => res.write(' '), 1000);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'throttle':
      return s3 ? awsError(req, res, 503, 'SlowDown', 'Please reduce your request rate.') : awsError(req, res, 400, 'ThrottlingException', 'Rate exceeded');
    case 'bad-gateway':
      res.writeHead(502, { 'content-length': '0' });
      res.end();
      return;
    case 'redirect':
      res.writeHead(302, { location: `http://127.0.0.1:9${req.url ?? '/'}`, 'content-length': '0' });
      res.end();
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'hostile':
      return awsError(req, res, 400, s3 ? 'InvalidArgument' : 'InvalidParameterException', HOSTILE_MESSAGE);
  }
}

/** Starts a server on 127.0.0.1 that answers every request with `fault`. */
export async function startFaultServer(fault: Fault): Promise<FaultServer> {
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    state.requests += 1;
    // Reads the request body so the client's write completes; the fault is in the answer.
    req.resume();
    req.on('end', () => answer(fault, req, res));
  });
  const { endpoint, stop } = await listenOnLoopback(server);
  return {
    endpoint,
    fault,
    get requests() {
      return state.requests;
    },
    stop,
  };
}
