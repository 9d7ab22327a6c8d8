import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { promptHidden } from '../../src/cli/io';
import { oneErrorLine, runInProcess as run, sink } from '../support/cliRun';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const POOL = 'us-east-1_CliPool';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;

describe('CLI', function () {
  this.timeout(20_000);

  describe('usage', () => {
    it('prints the global help on --help and exits 0', async () => {
      const r = await run(['--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /Usage: cognito-explorer <command>/);
      assert.match(r.stdout, /sign-in[\s\S]*decode[\s\S]*credentials/);
    });

    it('prints each command\'s help with its options', async () => {
      for (const [cmd, option] of [['sign-in', '--password-stdin'], ['decode', '--jwks-url'], ['credentials', '--identity-pool-id']]) {
        const r = await run([cmd, '--help']);
        assert.equal(r.code, 0, cmd);
        assert.ok(r.stdout.includes(option), `${cmd} help mentions ${option}`);
        assert.ok(r.stdout.includes('--endpoint-url'));
        assert.equal(r.stderr, '');
      }
      assert.equal((await run(['help', 'decode'])).stdout, (await run(['decode', '-h'])).stdout);
    });

    it('exits 2 with the help on stderr when no command is given', async () => {
      const r = await run([]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /Usage:/);
    });

    it('exits 2 for an unknown command or option, in one line with a hint to --help', async () => {
      const cmd = await run(['signin']);
      assert.equal(cmd.code, 2);
      oneErrorLine(cmd, /^error: Unknown command "signin"\. Run "cognito-explorer --help" for the commands\.$/);
      const opt = await run(['decode', '--verfy', 'x.y.z']);
      assert.equal(opt.code, 2);
      oneErrorLine(opt, /^error: Unknown option --verfy for decode\. Run "cognito-explorer decode --help" for usage\.$/);
    });

    it('checks --client-id on every command that takes it, before any call', async () => {
      for (const argv of [
        ['decode', '--verify', '--client-id', 'not a client id', 'x.y.z'],
        ['credentials', '--identity-pool-id', 'us-east-1:00000000-0000-0000-0000-000000000000', '--client-id', 'bad/id'],
        ['sign-in', '--user-pool-id', POOL, '--client-id', 'x'.repeat(129), '--username', 'a'],
      ]) {
        const r = await run(argv, { stdin: 'x' });
        assert.equal(r.code, 2, argv.join(' '));
        oneErrorLine(r, /^error: An app client id is 1 to 128 letters, digits, underscores or plus signs/);
      }
      assert.equal((await run(['decode', '--client-id', 'abc+def_123', 'x.y.z'])).code, 1, 'a valid id passes to the command');
    });

    it('exits 2 when a required option is missing or has no value', async () => {
      const missing = await run(['sign-in', '--user-pool-id', POOL, '--username', 'alice']);
      assert.equal(missing.code, 2);
      oneErrorLine(missing, /sign-in needs --client-id\. Run "cognito-explorer sign-in --help"/);
      const noValue = await run(['sign-in', '--user-pool-id']);
      assert.equal(noValue.code, 2);
      oneErrorLine(noValue, /Option --user-pool-id needs a value/);
      const creds = await run(['credentials'], { stdin: 'x' });
      assert.equal(creds.code, 2);
      oneErrorLine(creds, /credentials needs --identity-pool-id/);
    });

    it('exits 2 for invalid ids, a region that contradicts the pool, and unknown output formats', async () => {
      const base = ['sign-in', '--client-id', 'abc', '--username', 'u'];
      oneErrorLine(await run([...base, '--user-pool-id', 'nope']), /"nope" is not a user pool id/);
      const region = await run([...base, '--user-pool-id', POOL, '--region', 'eu-west-1']);
      assert.equal(region.code, 2);
      oneErrorLine(region, /starts with us-east-1 but the region is eu-west-1/);
      const output = await run(['decode', 'a.b.c', '--output', 'yaml']);
      assert.equal(output.code, 2);
      oneErrorLine(output, /--output for decode must be json, text; got "yaml"/);
      oneErrorLine(await run([...base, '--user-pool-id', POOL, '--auth-flow', 'kerberos']), /--auth-flow must be one of srp, password, admin, custom, user-auth, not "kerberos"/);
    });
  });

  describe('secrets never on the command line', () => {
    it('refuses --password and --client-secret without echoing the value', async () => {
      for (const args of [['--password', 'Hunter2-secret'], ['--password=Hunter2-secret'], ['--client-secret=Hunter2-secret']]) {
        const r = await run(['sign-in', '--user-pool-id', POOL, '--client-id', 'abc', '--username', 'u', ...args]);
        assert.equal(r.code, 2, args.join(' '));
        oneErrorLine(r, /never taken as arguments/);
        assert.ok(!r.stderr.includes('Hunter2-secret'));
      }
    });

    it('refuses a stray positional (a password typed in the wrong place) without echoing it', async () => {
      const r = await run(['sign-in', '--user-pool-id', POOL, '--client-id', 'abc', '--username', 'u', 'Hunter2-secret']);
      assert.equal(r.code, 2);
      oneErrorLine(r, /sign-in takes no positional arguments/);
      assert.ok(!r.stderr.includes('Hunter2-secret'));
    });

    it('is a usage error when no password source exists and stdin is not a terminal', async () => {
      const r = await run(['sign-in', '--user-pool-id', POOL, '--client-id', 'abc', '--username', 'u']);
      assert.equal(r.code, 2);
      oneErrorLine(r, /No password given: pipe it with --password-stdin, or set COGNITO_PASSWORD/);
    });

    it('is a usage error when --password-stdin gets an empty first line', async () => {
      const r = await run(['sign-in', '--user-pool-id', POOL, '--client-id', 'abc', '--username', 'u', '--password-stdin'], { stdin: '\nsecond line' });
      assert.equal(r.code, 2);
      oneErrorLine(r, /first line of stdin is empty/);
    });
  });

  describe('hidden prompt', () => {
    it('reads a line without echoing it, handling backspace', async () => {
      const stdin = new PassThrough();
      const err = sink();
      const answer = promptHidden({ stdin, stderr: err.stream }, 'Password for alice: ');
      stdin.write('pa');
      stdin.write('ss\u007fs-word\r');
      assert.equal(await answer, 'pass-word');
      assert.equal(err.text(), 'Password for alice: \n');
    });

    it('switches a terminal to raw mode and back', async () => {
      const stdin = Object.assign(new PassThrough(), { modes: [] as boolean[], setRawMode(m: boolean) { this.modes.push(m); } });
      const answer = promptHidden({ stdin, stderr: sink().stream }, '? ');
      stdin.write('x\n');
      assert.equal(await answer, 'x');
      assert.deepEqual(stdin.modes, [true, false]);
    });

    it('cancels on Ctrl-C and the CLI reports it in one line', async () => {
      const stdin = new PassThrough();
      const pending = run(['sign-in', '--user-pool-id', POOL, '--client-id', 'abc', '--username', 'u'], { stdin, isTTY: true });
      setImmediate(() => stdin.write('abc\u0003'));
      const r = await pending;
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^Password for u: \nerror: Cancelled\.\n$/);
    });
  });

  describe('decode', () => {
    const payload = { sub: 'u-1', token_use: 'id', aud: 'client_1', iss: ISSUER, iat: 1_700_000_000, exp: 1_700_003_600 };
    const token = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64(payload)}.c2ln`;

    it('decodes a token given as the argument, with verified null', async () => {
      const r = await run(['decode', token]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(out), ['header', 'payload', 'times', 'verified', 'reason']);
      assert.deepEqual(out.payload, payload);
      assert.equal(out.times.expiresAt.iso, '2023-11-14T23:13:20.000Z');
      assert.equal(out.verified, null);
      assert.equal(r.stderr, '');
    });

    it('reads the token from stdin when the argument is "-" or missing, Bearer prefix included', async () => {
      for (const argv of [['decode', '-'], ['decode']]) {
        const r = await run(argv, { stdin: `Bearer ${token}\n` });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout).payload.sub, 'u-1');
      }
    });

    it('prints plain KEY<TAB>value lines with --output text, nested keys joined with dots, no JSON', async () => {
      const r = await run(['decode', token, '--output', 'text']);
      const lines = r.stdout.replace(/\n$/, '').split('\n').map((l) => l.split('\t'));
      assert.ok(lines.every((l) => l.length === 2 && !/^[[{]/.test(l[1])), r.stdout);
      const keys = lines.map(([k]) => k);
      for (const name of Object.keys(payload)) assert.ok(keys.includes(`payload.${name}`), `payload.${name}`);
      assert.deepEqual(Object.fromEntries(lines.filter(([k]) => k.startsWith('payload.')).map(([k, v]) => [k.slice(8), v])), Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, String(v)])));
      assert.ok(keys.includes('header.alg') && keys.includes('verified'));
    });

    it('exits 1 for a malformed token, naming what is wrong in one line', async () => {
      const r = await run(['decode', 'abc.def']);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      oneErrorLine(r, /^error: This is not a JWT: expected three parts separated by dots, found 2\.$/);
      const empty = await run(['decode'], { stdin: '' });
      assert.equal(empty.code, 2);
      oneErrorLine(empty, /read nothing on stdin/);
    });

    it('--token picks id, access or refresh from the JSON sign-in prints; --token-use access picks the access token', async () => {
      const access = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ ...payload, token_use: 'access', aud: undefined, client_id: 'client-1' })}.c2ln`;
      const refresh = `${b64({ alg: 'RS256' })}.${b64({ 'cognito:username': 'u-1' })}.c2ln`;
      const json = JSON.stringify({ IdToken: token, AccessToken: access, RefreshToken: refresh });
      const use = async (argv: string[]) => JSON.parse((await run(['decode', ...argv], { stdin: json })).stdout).payload;
      assert.equal((await use([])).token_use, 'id');
      assert.equal((await use(['--token', 'id'])).token_use, 'id');
      assert.equal((await use(['--token', 'access'])).token_use, 'access');
      assert.equal((await use(['--token-use', 'access'])).token_use, 'access');
      assert.equal((await use(['--token', 'refresh']))['cognito:username'], 'u-1');
    });

    it('refuses a bad --token, --leeway or --issuer, and --verify of a refresh token, with exit 2', async () => {
      for (const [argv, pattern] of [
        [['--token', 'both'], /--token must be id, access or refresh, not "both"\./],
        [['--verify', '--token', 'refresh'], /--verify checks ID and access tokens; a refresh token is opaque/],
        [['--verify', '--leeway=-5'], /--leeway must be a whole number of seconds from 0 to 3600\./],
        [['--verify', '--leeway', '1.5'], /--leeway must be a whole number/],
        [['--verify', '--clock-tolerance', '99999'], /--leeway must be a whole number/],
        [['--verify', '--issuer', 'ftp://x/y'], /The issuer must start with http:\/\/ or https:\/\//],
      ] as const) {
        const r = await run(['decode', token, ...argv]);
        assert.equal(r.code, 2, argv.join(' '));
        oneErrorLine(r, pattern);
      }
    });

    describe('--verify', () => {
      let server: Server;
      let endpoint: string;
      let key: CryptoKey;
      const sign = (claims: Record<string, unknown>) =>
        new SignJWT({ token_use: 'id', aud: 'client_1', ...claims })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setIssuer(ISSUER)
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(key);

      before(async () => {
        const pair = await generateKeyPair('RS256', { extractable: true });
        key = pair.privateKey;
        const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
        server = createServer((req, res) => {
          if (req.url === `/${POOL}/.well-known/jwks.json`) res.end(JSON.stringify({ keys: [jwk] }));
          else res.writeHead(404).end();
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      after(() => new Promise<void>((r) => server.close(() => r())));

      it('verifies against the pool named by iss and the client named by aud, at the endpoint from the environment', async () => {
        const r = await run(['decode', '--verify', await sign({})], { env: { AWS_ENDPOINT_URL: endpoint } });
        assert.equal(r.code, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        assert.equal(out.verified, true);
        assert.equal(out.reason, null);
        assert.equal(out.checks.length, 7);
      });

      it('verifies with explicit pool, client, token use and JWKS URL', async () => {
        const r = await run([
          'decode', await sign({}), '--verify', '--user-pool-id', POOL, '--client-id', 'client_1', '--token-use', 'id',
          '--jwks-url', `${endpoint}/${POOL}/.well-known/jwks.json`,
        ]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout).verified, true);
      });

      it('exits 1 with the report on stdout and the reason on stderr when a check fails', async () => {
        const r = await run(['decode', '--verify', '--client-id', 'other_client', '--endpoint-url', endpoint, await sign({})]);
        assert.equal(r.code, 1);
        const out = JSON.parse(r.stdout);
        assert.equal(out.verified, false);
        assert.equal(out.reason, 'aud is client_1, not the app client other_client.');
        oneErrorLine(r, /^error: Verification failed: aud is client_1, not the app client other_client\.$/);
      });

      it('exits 1 for an alg none token', async () => {
        const forged = `${b64({ alg: 'none' })}.${b64({ ...payload, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
        const r = await run(['decode', '--verify', '--endpoint-url', endpoint, forged]);
        assert.equal(r.code, 1);
        oneErrorLine(r, /only RS256 is accepted/);
      });

      it('--issuer pins one exact issuer; --leeway widens the time checks', async () => {
        const base = ['decode', '--verify', '--endpoint-url', endpoint];
        const pinnedOther = await run([...base, '--issuer', 'http://localhost:9229/us-east-1_CliPool', '--user-pool-id', POOL, await sign({})]);
        assert.equal(pinnedOther.code, 1, pinnedOther.stdout);
        oneErrorLine(pinnedOther, /not http:\/\/localhost:9229\/us-east-1_CliPool \(pinned with --issuer\)\. The issuer was pinned with --issuer, so only that exact value is accepted\.$/);
        const pinned = await run([...base, '--issuer', ISSUER, await sign({})]);
        assert.equal(pinned.code, 0, pinned.stderr);
        const early = await sign({ nbf: Math.floor(Date.now() / 1000) + 100 });
        oneErrorLine(await run([...base, early]), /not valid before/);
        const lenient = await run([...base, '--leeway', '300', early]);
        assert.equal(lenient.code, 0, lenient.stderr);
      });

      it('refuses to guess a pool from a non-Cognito issuer', async () => {
        const foreign = `${b64({ alg: 'RS256' })}.${b64({ ...payload, iss: 'https://evil.example.com/' })}.c2ln`;
        const r = await run(['decode', '--verify', foreign]);
        assert.equal(r.code, 1);
        oneErrorLine(r, /issuer "https:\/\/evil\.example\.com\/" is not a Cognito user pool issuer; pass --user-pool-id, or --endpoint-url for a token from an emulator\.$/);
      });
    });
  });

  describe('credentials', () => {
    it('refuses an access token, which an identity pool does not take', async () => {
      const access = `${b64({ alg: 'RS256' })}.${b64({ token_use: 'access', iss: ISSUER, client_id: 'c' })}.c2ln`;
      const r = await run(['credentials', '--identity-pool-id', 'us-east-1:0000-aaaa'], { stdin: `${access}\n` });
      assert.equal(r.code, 1);
      oneErrorLine(r, /^error: This is an access token; the identity pool needs the ID token\.$/);
    });

    it('exits 2 for an unknown shell or output format', async () => {
      oneErrorLine(await run(['credentials', '--identity-pool-id', 'us-east-1:0000-aaaa', '--shell', 'zsh']), /--shell must be one of bash, fish, powershell, cmd/);
      oneErrorLine(await run(['credentials', '--identity-pool-id', 'us-east-1:0000-aaaa', '--output', 'yaml']), /json, text, env, dotenv, credential-process/);
      oneErrorLine(await run(['credentials', '--identity-pool-id', 'us-east-1:0000-aaaa', '--shell', 'fish', '--output', 'json']), /--shell goes with --output env\./);
    });
  });

  describe('failures', () => {
    it('prints only the sentence without --debug and the redacted stack with it', async () => {
      const idToken = `${b64({ alg: 'RS256' })}.${b64({ token_use: 'id', iss: ISSUER, aud: 'c', sub: 'x' })}.c2lnbmF0dXJl`;
      const argv = ['credentials', '--identity-pool-id', 'us-east-1:0000-aaaa', '--endpoint-url', 'http://127.0.0.1:9'];
      const plain = await run(argv, { stdin: idToken });
      assert.equal(plain.code, 1);
      oneErrorLine(plain, /^error: Could not reach the endpoint http:\/\/127\.0\.0\.1:9 to get AWS credentials/);
      const debug = await run([...argv, '--debug'], { stdin: idToken });
      assert.equal(debug.code, 1);
      assert.match(debug.stderr, /^error: Could not reach/);
      assert.match(debug.stderr, /\n\s+at /, 'stack trace with --debug');
      assert.match(debug.stderr, /caused by: .*ECONNREFUSED/);
      assert.ok(!debug.stderr.includes(idToken), 'the token never reaches stderr');
    });
  });
});
