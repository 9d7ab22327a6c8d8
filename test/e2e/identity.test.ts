/**
 * The gist's developer-authenticated identities, clicked through the real workbench: add a connection without a
 * user pool (the team's backend as its login), Get AWS Credentials (the password asked once, sent only to the
 * backend, which calls GetOpenIdTokenForDeveloperIdentity on moto), then the Resources view lists the seeded bucket.
 */
import assert from 'node:assert/strict';
import { runCommand, screenshot, treeRow, notifications } from '../support/browser';
import { startDeveloperBackend, type DeveloperBackendFixture } from '../support/developerBackend';
import { createIdentityPool, seedStandard, type Seeded } from '../support/seed';
import { answerStep, inputStep, useWorkbench } from './workbench';

const CONTAINER = 'cognitoExplorer';
const PROVIDER = 'login.explorer.e2e';
const PASSWORD = 'Dana-Backend-1!';

describe('e2e: developer-authenticated identities through the team\'s own backend', function () {
  this.timeout(240_000);
  let seeded: Seeded;
  let pool: string;
  let backend: DeveloperBackendFixture | undefined;
  const wb = useWorkbench({
    activityLabel: 'Cognito',
    prepare: async (moto) => {
      seeded = await seedStandard(moto.endpoint, { bucketPrefix: 'gist' });
      pool = await createIdentityPool(moto.endpoint, { name: 'gist_e2e', providers: [], developerProviderName: PROVIDER });
      backend = await startDeveloperBackend({ motoEndpoint: moto.endpoint, identityPoolId: pool, providerName: PROVIDER, users: { dana: PASSWORD } });
      return {};
    },
  });

  after(() => backend?.stop());

  it('adds a connection with no user pool, the backend as its login', async () => {
    const { page, moto } = wb();
    await page.locator('.activitybar .action-item .action-label[aria-label^="Cognito"]').first().click();
    await runCommand(page, 'Cognito: Add Connection');
    await answerStep(page, /A name for this connection/, 'Gist backend');
    await answerStep(page, /AWS region of the user pool/, 'us-east-1');
    await answerStep(page, /User pool id \(leave empty/, '');
    // No user pool: no client id or secret steps; the identity pool is required now.
    await answerStep(page, /Identity pool id/, pool);
    await answerStep(page, /How to get AWS credentials/, 'developer');
    await answerStep(page, /Your backend's login URL/, backend!.loginUrl);
    await answerStep(page, /Identity URL/, backend!.identityUrl);
    await answerStep(page, /Send the login as json/, 'json');
    await answerStep(page, /Backend username/, 'dana');
    await answerStep(page, /Endpoint URL/, moto.endpoint);
    await treeRow(page, CONTAINER, 'Gist backend').first().waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('gets credentials after asking for the backend password, and the Resources view lists the seeded bucket', async () => {
    const { page } = wb();
    await runCommand(page, 'Cognito: Get AWS Credentials');
    await inputStep(page, /Password of dana for/).waitFor({ state: 'visible', timeout: 15_000 });
    await answerStep(page, /Password of dana for/, PASSWORD);
    await notifications(page).filter({ hasText: /Got developer AWS credentials for identity us-east-1:/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await treeRow(page, CONTAINER, seeded.bucket.name).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'identity-gist-resources');
    const logins = backend!.requests.filter((r) => r.path === '/api/login/');
    assert.deepEqual(logins.map((r) => r.body), [{ username: 'dana', password: PASSWORD }]);
    assert.ok(backend!.requests.filter((r) => r.path !== '/api/login/').every((r) => !JSON.stringify(r).includes(PASSWORD)), 'the password went only to the login URL');
  });
});
