import assert from 'node:assert/strict';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { GetObjectCommand, HeadObjectCommand, ListBucketsCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { UserFacingError } from '../../src/core/errors';
import { listBuckets, listObjects, partitionOf, readTextObject, s3Arn, s3Uri } from '../../src/core/resources/s3';

const target = { region: 'us-east-1', credentials: { accessKeyId: 'ASIAX', secretAccessKey: 's', sessionToken: 't' } };

// moto enforces no S3 permissions, so AccessDenied can only be injected.
describe('S3 listing faults moto cannot produce', () => {
  // Created in before(): mockClient patches every client at once, which must not leak into other suites.
  let mock: AwsClientStub<S3Client>;
  before(() => {
    mock = mockClient(S3Client);
  });
  afterEach(() => mock.reset());
  after(() => mock.restore());

  const denied = () => new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: { httpStatusCode: 403 } });

  it('explains AccessDenied on ListBuckets as the role not allowing it', async () => {
    mock.on(ListBucketsCommand).rejects(denied());
    await assert.rejects(listBuckets(target), (err: unknown) => {
      assert.ok(err instanceof UserFacingError);
      assert.equal(err.message, "Access denied while trying to list buckets: the credentials' role does not allow it.");
      return true;
    });
  });

  it('names the bucket when listing its objects is denied', async () => {
    mock.on(ListObjectsV2Command).rejects(denied());
    await assert.rejects(listObjects(target, 'private-bucket', 'a/'), /Access denied while trying to list objects in private-bucket/);
  });

  it('names the object when HEAD is refused (a bodiless 403), before any of it is read', async () => {
    mock.on(HeadObjectCommand).rejects(new S3ServiceException({ name: 'Forbidden', $fault: 'client', message: 'UnknownError', $metadata: { httpStatusCode: 403 } }));
    await assert.rejects(readTextObject(target, 'private-bucket', 'a/b.txt'), /^UserFacingError: Access denied to s3:\/\/private-bucket\/a\/b\.txt: the credentials' role does not allow reading it\.$/);
    assert.equal(mock.commandCalls(GetObjectCommand).length, 0);
  });

  it('explains expired credentials', async () => {
    mock.on(ListBucketsCommand).rejects(new S3ServiceException({ name: 'ExpiredToken', $fault: 'client', message: 'The provided token has expired.', $metadata: {} }));
    await assert.rejects(listBuckets(target), /The AWS credentials have expired; get new credentials\./);
  });
});

describe('S3 names', () => {
  it('builds S3 URIs and ARNs with the partition of the region', () => {
    assert.equal(s3Uri('b', 'a/b.txt'), 's3://b/a/b.txt');
    assert.equal(s3Uri('b'), 's3://b/');
    assert.equal(s3Arn('b', 'a/b.txt'), 'arn:aws:s3:::b/a/b.txt');
    assert.equal(s3Arn('b'), 'arn:aws:s3:::b');
    assert.equal(s3Arn('b', 'k', 'cn-north-1'), 'arn:aws-cn:s3:::b/k');
    assert.equal(s3Arn('b', 'k', 'us-gov-west-1'), 'arn:aws-us-gov:s3:::b/k');
    assert.equal(partitionOf('eu-central-1'), 'aws');
  });
});
