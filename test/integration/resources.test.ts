import assert from 'node:assert/strict';
import type { ClientTarget } from '../../src/core/aws';
import { UserFacingError } from '../../src/core/errors';
import { listBuckets, listObjects } from '../../src/core/resources/s3';
import { useMoto } from '../support/moto';
import { createBucket, seedStandard, TEST_CREDENTIALS, type Seeded } from '../support/seed';

describe('S3 resources through moto', function () {
  this.timeout(30_000);
  const moto = useMoto();
  let seeded: Seeded;
  let target: ClientTarget;

  before(async () => {
    seeded = await seedStandard(moto().endpoint);
    target = { region: 'us-east-1', endpointUrl: moto().endpoint, credentials: TEST_CREDENTIALS };
  });

  it('lists the buckets, sorted, with creation dates', async () => {
    const buckets = await listBuckets(target);
    assert.deepEqual(buckets.map((b) => b.name), [seeded.otherBucket.name, seeded.bucket.name].sort());
    for (const b of buckets) assert.ok(!Number.isNaN(Date.parse(b.createdAt!)), `${b.name} has an ISO date`);
  });

  it('lists one level at a time: prefixes, then objects with size and date', async () => {
    const top = await listObjects(target, seeded.bucket.name);
    assert.deepEqual(top.prefixes, ['reports/']);
    assert.deepEqual(top.objects.map((o) => o.key), ['readme.txt']);
    assert.equal(top.objects[0].size, Buffer.byteLength('Seeded by test/support/seed.ts\n'));
    assert.equal(top.nextToken, undefined);

    const reports = await listObjects(target, seeded.bucket.name, 'reports/');
    assert.deepEqual(reports.prefixes, ['reports/2025/', 'reports/2026/']);
    assert.deepEqual(reports.objects, []);

    const y2026 = await listObjects(target, seeded.bucket.name, 'reports/2026/');
    assert.deepEqual(y2026.objects.map((o) => o.key), ['reports/2026/q1.csv', 'reports/2026/q2.csv']);
    assert.equal(y2026.objects[0].size, Buffer.byteLength('quarter,revenue\nq1,100\n'));
    assert.ok(y2026.objects[0].lastModified);
  });

  it('pages with a continuation token until the last page', async () => {
    const keys = Array.from({ length: 5 }, (_, i) => `logs/day-${i}.txt`);
    const bucket = await createBucket(moto().endpoint, 'paging-bucket', { ...Object.fromEntries(keys.map((k) => [k, k])), 'logs/sub/inner.txt': 'x' });
    const seen: string[] = [];
    const prefixes: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await listObjects(target, bucket, 'logs/', token, 2);
      assert.ok(page.objects.length + page.prefixes.length <= 2, 'a page never exceeds the page size');
      seen.push(...page.objects.map((o) => o.key));
      prefixes.push(...page.prefixes);
      token = page.nextToken;
      pages++;
    } while (token && pages < 10);
    assert.deepEqual(seen, keys);
    assert.deepEqual(prefixes, ['logs/sub/']);
    assert.equal(pages, 3);
  });

  it('does not list a folder marker object as its own child', async () => {
    const bucket = await createBucket(moto().endpoint, 'marker-bucket', { 'docs/': '', 'docs/a.txt': 'a' });
    const page = await listObjects(target, bucket, 'docs/');
    assert.deepEqual(page.objects.map((o) => o.key), ['docs/a.txt']);
  });

  it('explains a bucket that does not exist', async () => {
    await assert.rejects(listObjects(target, 'no-such-bucket-here'), (err: unknown) => {
      assert.ok(err instanceof UserFacingError);
      assert.equal(err.message, 'That bucket no longer exists; refresh the Resources view.');
      return true;
    });
  });

  it('explains an endpoint that is down', async () => {
    await assert.rejects(listBuckets({ ...target, endpointUrl: 'http://127.0.0.1:9' }), /Could not reach the endpoint http:\/\/127\.0\.0\.1:9 to list buckets/);
  });
});
