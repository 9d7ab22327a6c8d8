/** A private moto for benchmarks with a back door that seeds many users in-process (bench/support/seeded_moto.py). */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { paths, repoRoot } from '../../test/support/paths';
import { idpClient } from '../../test/support/seed';

// The SDK's Node-version notice would sit in the middle of the printed numbers.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface SeededMoto {
  endpoint: string;
  /** A new pool holding `count` confirmed users (email, given_name, custom:tier); returns its id. */
  poolWith(count: number): Promise<string>;
  stop(): Promise<void>;
}

/** `fastPages`: ListUsers pages by offset (see seeded_moto.py), for benchmarks of the client alone. */
export async function startSeededMoto(opts: { fastPages?: boolean } = {}): Promise<SeededMoto> {
  const args = [join(repoRoot, 'bench', 'support', 'seeded_moto.py'), ...(opts.fastPages ? ['--fast-pages'] : [])];
  const child = spawn(paths.python, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value ?? '');
  const { port } = JSON.parse(await next()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  process.on('exit', () => child.kill('SIGKILL'));
  return {
    endpoint,
    async poolWith(count) {
      const out = await idpClient(endpoint).send(new CreateUserPoolCommand({ PoolName: `bench-${count}` }));
      const id = out.UserPool!.Id!;
      child.stdin!.write(`seed ${id} ${count} u${count}x\n`);
      const answer = await next();
      if (answer !== `seeded ${count}`) throw new Error(`moto seeding answered "${answer}"`);
      return id;
    },
    async stop() {
      child.stdin!.end();
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
