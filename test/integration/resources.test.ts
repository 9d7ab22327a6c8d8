import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { ClientTarget } from '../../src/core/aws';
import { isCancellation, UserFacingError } from '../../src/core/errors';
import { downloadObject, headObject, listBuckets, listObjects, presignGetUrl, readTextObject } from '../../src/core/resources/s3';
import { useMoto } from '../support/moto';
import { createBucket, s3, seedStandard, TEST_CREDENTIALS, type Seeded } from '../support/seed';

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

  describe('objects', () => {
    let bucket: string;
    let dir: string;
    before(async () => {
      bucket = await createBucket(moto().endpoint, 'objects-bucket', { 'notes/hello.txt': 'héllo\n', 'big.txt': 'x'.repeat(3000), 'empty.txt': '' });
      const client = s3(moto().endpoint);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'logo.png', Body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]), ContentType: 'image/png' }));
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'blob.txt', Body: Buffer.from([0x61, 0, 0x62]), ContentType: 'text/plain' }));
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'latin1.txt', Body: Buffer.from([0x63, 0x61, 0x66, 0xe9]), ContentType: 'text/plain' }));
      client.destroy();
      dir = mkdtempSync(join(tmpdir(), 'cognito-s3-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const refusal = (code: string, pattern: RegExp) => (err: unknown) => {
      assert.ok(err instanceof UserFacingError, String(err));
      assert.equal(err.code, code);
      assert.match(err.message, pattern);
      return true;
    };

    it('lists bucket regions, asking GetBucketLocation when the listing does not say', async () => {
      const buckets = await listBuckets(target, { regions: true });
      assert.equal(buckets.find((b) => b.name === bucket)?.region, 'us-east-1');
      assert.equal((await listBuckets(target)).find((b) => b.name === bucket)?.region, undefined, 'without the option nothing extra is asked');
    });

    it('reads the size and type first, then the text', async () => {
      assert.deepEqual({ ...(await headObject(target, bucket, 'notes/hello.txt')), lastModified: undefined }, { size: 7, contentType: 'text/plain', lastModified: undefined });
      const text = await readTextObject(target, bucket, 'notes/hello.txt');
      assert.equal(text.text, 'héllo\n');
      assert.equal((await readTextObject(target, bucket, 'empty.txt')).text, '');
    });

    it('refuses, with a sentence, objects over the size limit, binary types, NUL bytes and invalid UTF-8', async () => {
      await assert.rejects(readTextObject(target, bucket, 'big.txt', { maxBytes: 1024 }), refusal('ObjectTooLarge', /big\.txt is 3 KB, more than the 1 KB the editor opens; use Download… instead\.$/));
      await assert.rejects(readTextObject(target, bucket, 'logo.png'), refusal('ObjectNotText', /logo\.png is image\/png, not text; use Download…/));
      await assert.rejects(readTextObject(target, bucket, 'blob.txt'), refusal('ObjectNotText', /holds binary data/));
      await assert.rejects(readTextObject(target, bucket, 'latin1.txt'), refusal('ObjectNotText', /is not UTF-8 text/));
      await assert.rejects(readTextObject(target, bucket, 'missing.txt'), refusal('NoSuchKey', /^s3:\/\/objects-bucket\/missing\.txt does not exist any more; refresh the Resources view\.$/));
    });

    it('downloads through a temporary file, and leaves an existing file untouched when the download fails', async () => {
      const dest = join(dir, 'logo.png');
      assert.deepEqual(await downloadObject(target, bucket, 'logo.png', dest), { bytes: 6 });
      assert.deepEqual([...readFileSync(dest)], [0x89, 0x50, 0x4e, 0x47, 0, 1]);

      const keep = join(dir, 'keep.txt');
      writeFileSync(keep, 'mine');
      await assert.rejects(downloadObject(target, bucket, 'no-such-key', keep), refusal('NoSuchKey', /no-such-key does not exist any more/));
      assert.equal(readFileSync(keep, 'utf8'), 'mine');
      const aborted = new AbortController();
      aborted.abort();
      await assert.rejects(downloadObject(target, bucket, 'big.txt', keep, aborted.signal), (err: unknown) => isCancellation(err));
      assert.equal(readFileSync(keep, 'utf8'), 'mine');
      assert.deepEqual(readdirSync(dir).sort(), ['keep.txt', 'logo.png'], 'no temporary file is left behind');
    });

    it('presigns a GET URL that works without credentials, within 1 s to 7 days', async () => {
      const url = await presignGetUrl(target, bucket, 'notes/hello.txt', 900);
      assert.match(url, /X-Amz-Expires=900/);
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'héllo\n');
      for (const bad of [0, 7 * 24 * 3600 + 1, 1.5]) {
        await assert.rejects(presignGetUrl(target, bucket, 'notes/hello.txt', bad), refusal('InvalidExpiry', /between 1 second and 7 days/));
      }
    });
  });
});
