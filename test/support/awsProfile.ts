/**
 * A throwaway AWS profile for admin calls against emulators: a temp credentials file, AWS_SHARED_CREDENTIALS_FILE
 * and AWS_CONFIG_FILE pointed at it, every other credential variable unset, and restored afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetAdminClients, type AdminTarget } from '../../src/core/pools/adminTarget';
import { useMoto, type Moto } from './moto';
import { seedStandard, type Seeded } from './seed';

const ENV = ['AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'HOME'];

export interface TestProfile {
  name: string;
  dir: string;
  configFile: string;
  credentialsFile: string;
}

/** Writes the files and swaps the environment; returns a function that puts everything back. */
export function installTestProfile(name = 'pools-admin', files: { config?: string; credentials?: string } = {}): { profile: TestProfile; restore(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-explorer-aws-'));
  const profile = { name, dir, configFile: join(dir, 'config'), credentialsFile: join(dir, 'credentials') };
  writeFileSync(profile.credentialsFile, files.credentials ?? `[${name}]\naws_access_key_id = AKIDPOOLSADMIN\naws_secret_access_key = pools-admin-secret\n`);
  writeFileSync(profile.configFile, files.config ?? `[profile ${name}]\nregion = us-east-1\n`);
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  for (const k of ENV) delete process.env[k];
  process.env.AWS_SHARED_CREDENTIALS_FILE = profile.credentialsFile;
  process.env.AWS_CONFIG_FILE = profile.configFile;
  process.env.HOME = dir;
  resetAdminClients();
  return {
    profile,
    restore() {
      for (const k of ENV) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      resetAdminClients();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Mocha helper: the profile for one describe block. */
export function useTestProfile(name = 'pools-admin', files: { config?: string; credentials?: string } = {}): () => TestProfile {
  let installed: ReturnType<typeof installTestProfile> | undefined;
  before(() => {
    installed = installTestProfile(name, files);
  });
  after(() => {
    installed?.restore();
    installed = undefined;
  });
  return () => {
    if (!installed) throw new Error('useTestProfile() must be called at the top of a describe block');
    return installed.profile;
  };
}

/**
 * Mocha helper for admin tests: moto, the standard seed and an AdminTarget signed with a throwaway profile.
 * Call at the top of a describe block; read `fixture()` inside tests.
 */
export function useAdminFixture(bucketPrefix: string): () => { moto: Moto; seeded: Seeded; t: AdminTarget } {
  const moto = useMoto();
  const profile = useTestProfile();
  let value: { moto: Moto; seeded: Seeded; t: AdminTarget } | undefined;
  before(async () => {
    const seeded = await seedStandard(moto().endpoint, { bucketPrefix });
    value = { moto: moto(), seeded, t: { region: 'us-east-1', profile: profile().name, endpointUrl: moto().endpoint } };
  });
  return () => {
    if (!value) throw new Error('useAdminFixture() must be called at the top of a describe block');
    return value;
  };
}
