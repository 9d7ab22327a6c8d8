/** What the credentials reach in S3: buckets, then one "folder" level of a bucket at a time, and single objects. */
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { currentScope, endpointFor, s3Client, withCallScope, withDeadline, type ClientTarget } from '../aws';
import { CancelledError, isCancellation, toUserFacing, UserFacingError } from '../errors';

export interface BucketInfo {
  name: string;
  /** ISO 8601. */
  createdAt?: string;
  /** The bucket's region, when S3 says it in the listing. */
  region?: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  /** ISO 8601. */
  lastModified?: string;
}

export interface ObjectPage {
  /** Common prefixes ("folders") at this level, each ending in "/". */
  prefixes: string[];
  objects: ObjectInfo[];
  /** Pass back to get the next page; absent on the last page. */
  nextToken?: string;
}

type S3Parts = Awaited<ReturnType<typeof s3Client>>;

/** HEAD answers carry no body, so S3 says only "NotFound" or "Forbidden"; name the object instead. */
function objectProblem(err: unknown, uri: string | undefined): UserFacingError | undefined {
  const name = (err as { name?: unknown } | undefined)?.name;
  if (!uri) return undefined;
  if (name === 'NotFound' || name === 'NoSuchKey') return new UserFacingError(`${uri} does not exist any more; refresh the Resources view.`, 'NoSuchKey', { cause: err });
  if (name === 'Forbidden' || name === 'AccessDenied') return new UserFacingError(`Access denied to ${uri}: the credentials' role does not allow reading it.`, 'AccessDenied', { cause: err });
  return undefined;
}

/**
 * One S3 call with a client made for it and destroyed after; any failure becomes one sentence about `action`
 * (about the object `uri`, when one is named).
 */
async function withS3<T>(target: ClientTarget, action: string, work: (s3: S3Parts) => Promise<T>, uri?: string): Promise<T> {
  try {
    const parts = await s3Client(target);
    try {
      return await work(parts);
    } finally {
      parts.client.destroy();
    }
  } catch (err) {
    if (err instanceof UserFacingError || isCancellation(err)) throw err;
    throw objectProblem(err, uri) ?? toUserFacing(err, { action, endpointUrl: target.endpointUrl });
  }
}

/** GetBucketLocation's answer as a region: empty means us-east-1, and "EU" is the old name of eu-west-1. */
function regionOfConstraint(constraint: unknown): string {
  const c = String(constraint ?? '');
  return c === '' ? 'us-east-1' : c === 'EU' ? 'eu-west-1' : c;
}

/** Region lookups run this many at a time, so an account with hundreds of buckets does not open hundreds of sockets. */
const REGION_LOOKUPS_AT_ONCE = 6;

/**
 * Every bucket the credentials can list, sorted by name. With `regions`, buckets whose listing did not say their
 * region are asked (GetBucketLocation); a bucket that refuses that keeps no region rather than failing the list.
 */
export function listBuckets(target: ClientTarget, opts: { regions?: boolean } = {}): Promise<BucketInfo[]> {
  return withS3(target, 'list buckets', async ({ sdk, client }) => {
    const out = await client.send(new sdk.ListBucketsCommand({}));
    const buckets: BucketInfo[] = (out.Buckets ?? [])
      .filter((b) => b.Name)
      .map((b) => ({
        name: b.Name as string,
        ...(b.CreationDate ? { createdAt: b.CreationDate.toISOString() } : {}),
        ...(b.BucketRegion ? { region: b.BucketRegion } : {}),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (opts.regions) {
      const queue = buckets.filter((b) => !b.region);
      const worker = async () => {
        for (let b = queue.shift(); b; b = queue.shift()) {
          const bucket = b;
          await client
            .send(new sdk.GetBucketLocationCommand({ Bucket: bucket.name }))
            .then((loc) => (bucket.region = regionOfConstraint(loc.LocationConstraint)))
            .catch(() => undefined);
        }
      };
      await Promise.all(Array.from({ length: REGION_LOOKUPS_AT_ONCE }, worker));
    }
    return buckets;
  });
}

/** One page of the level under `prefix` (delimiter "/"): sub-prefixes and the objects directly in it. */
export function listObjects(target: ClientTarget, bucket: string, prefix = '', continuationToken?: string, pageSize = 1000): Promise<ObjectPage> {
  return withS3(target, `list objects in ${bucket}`, async ({ sdk, client }) => {
    const out = await client.send(
      new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, Delimiter: '/', MaxKeys: pageSize, ContinuationToken: continuationToken }),
    );
    return {
      prefixes: (out.CommonPrefixes ?? []).map((p) => p.Prefix).filter((p): p is string => Boolean(p)),
      objects: (out.Contents ?? [])
        // S3 lists the "folder marker" object equal to the prefix itself; it is the folder, not a child.
        .filter((o) => o.Key && o.Key !== prefix)
        .map((o) => ({ key: o.Key as string, size: o.Size ?? 0, ...(o.LastModified ? { lastModified: o.LastModified.toISOString() } : {}) })),
      ...(out.IsTruncated && out.NextContinuationToken ? { nextToken: out.NextContinuationToken } : {}),
    };
  });
}

/** `s3://bucket/key` (the form the AWS CLI takes). */
export function s3Uri(bucket: string, key = ''): string {
  return `s3://${bucket}/${key}`;
}

/** The partition a region belongs to, for ARNs. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** `arn:aws:s3:::bucket/key`; S3 ARNs carry no region or account, only the partition. */
export function s3Arn(bucket: string, key = '', region = 'us-east-1'): string {
  return `arn:${partitionOf(region)}:s3:::${bucket}${key ? `/${key}` : ''}`;
}

export interface ObjectHead {
  size: number;
  contentType?: string;
  /** ISO 8601. */
  lastModified?: string;
}

/** Size, type and date of one object, without its body. */
export function headObject(target: ClientTarget, bucket: string, key: string): Promise<ObjectHead> {
  const uri = s3Uri(bucket, key);
  return withS3(
    target,
    `read the details of ${uri}`,
    async ({ sdk, client }) => {
      const out = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        size: out.ContentLength ?? 0,
        ...(out.ContentType ? { contentType: out.ContentType } : {}),
        ...(out.LastModified ? { lastModified: out.LastModified.toISOString() } : {}),
      };
    },
    uri,
  );
}

/** Objects larger than this open only through Download…: the editor is no place for a 50 MB log. */
export const MAX_OPEN_BYTES = 5 * 1024 * 1024;

const TEXT_TYPE = /^(text\/|application\/(json|xml|javascript|x-yaml|yaml|x-sh|csv|x-ndjson|ld\+json|graphql|toml|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;
const BINARY_TYPE = /^(image|audio|video|font)\/|^application\/(octet-stream|zip|gzip|x-tar|pdf|x-7z|vnd\.|java-archive|wasm)/i;

function humanSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface TextObject extends ObjectHead {
  text: string;
}

/**
 * The object as UTF-8 text for a read-only editor. Its size and type are checked first (HeadObject), so a large
 * or binary object is refused with a sentence before any of it is downloaded; a body with NUL bytes or invalid
 * UTF-8 is refused the same way.
 */
export function readTextObject(target: ClientTarget, bucket: string, key: string, opts: { maxBytes?: number; signal?: AbortSignal } = {}): Promise<TextObject> {
  return withCallScope({ signal: opts.signal }, () => readText(target, bucket, key, opts.maxBytes ?? MAX_OPEN_BYTES));
}

async function readText(target: ClientTarget, bucket: string, key: string, max: number): Promise<TextObject> {
  const uri = s3Uri(bucket, key);
  const head = await headObject(target, bucket, key);
  if (head.size > max) {
    throw new UserFacingError(`${uri} is ${humanSize(head.size)}, more than the ${humanSize(max)} the editor opens; use Download… instead.`, 'ObjectTooLarge');
  }
  const type = head.contentType ?? '';
  if (BINARY_TYPE.test(type) && !TEXT_TYPE.test(type)) {
    throw new UserFacingError(`${uri} is ${type}, not text; use Download… to save it and open it with a suitable program.`, 'ObjectNotText');
  }
  if (head.size === 0) return { ...head, text: '' };
  const bytes = await withS3(
    target,
    `read ${uri}`,
    async ({ sdk, client }) => {
      // The Range keeps a body that grew since HeadObject within the limit; the deadline covers a body that drips.
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${max}` }));
      const body = out.Body;
      return body ? withDeadline(endpointFor(target, 's3'), () => body.transformToByteArray()) : new Uint8Array();
    },
    uri,
  );
  if (bytes.length > max) throw new UserFacingError(`${uri} grew past ${humanSize(max)} while it was being opened; use Download… instead.`, 'ObjectTooLarge');
  if (bytes.subarray(0, 8192).includes(0)) throw new UserFacingError(`${uri} holds binary data, not text; use Download… instead.`, 'ObjectNotText');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserFacingError(`${uri} is not UTF-8 text; use Download… instead.`, 'ObjectNotText');
  }
  return { ...head, text };
}

/**
 * Saves the object to `destination`: the body streams to a temporary file in the same folder, which is renamed
 * over the destination only once complete, so a failed or cancelled download leaves any existing file untouched.
 */
export async function downloadObject(target: ClientTarget, bucket: string, key: string, destination: string, signal?: AbortSignal): Promise<{ bytes: number }> {
  const temp = join(dirname(destination), `.${basename(destination)}.${process.pid}.${Date.now()}.part`);
  const uri = s3Uri(bucket, key);
  // No deadline on the whole body (large objects take long); the socket timeout ends a stalled one, Cancel any.
  const cancel = [signal, currentScope().signal].filter((s): s is AbortSignal => Boolean(s));
  const abort = cancel.length ? AbortSignal.any(cancel) : undefined;
  try {
    await withCallScope({ signal: abort }, () =>
      withS3(target, `download ${uri}`, async ({ sdk, client }) => {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!out.Body) throw new UserFacingError(`S3 sent no content for ${uri}.`, 'EmptyBody');
        await pipeline(out.Body as NodeJS.ReadableStream, createWriteStream(temp, { flags: 'wx' }), { signal: abort });
      }, uri),
    );
    const { size } = await stat(temp);
    await rename(temp, destination);
    return { bytes: size };
  } catch (err) {
    await rm(temp, { force: true });
    if (abort?.aborted || isCancellation(err)) throw err instanceof CancelledError ? err : new CancelledError(endpointFor(target, 's3'), { cause: err });
    throw err instanceof UserFacingError ? err : toUserFacing(err, { action: `save ${uri} to ${destination}` });
  }
}

/** A presigned URL lasts at most 7 days (SigV4); credentials from an identity pool end sooner, and the URL with them. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** A GET URL for the object that works without credentials until it expires (`expiresInSec`, 1 s to 7 days). */
export async function presignGetUrl(target: ClientTarget, bucket: string, key: string, expiresInSec: number): Promise<string> {
  if (!Number.isInteger(expiresInSec) || expiresInSec < 1 || expiresInSec > MAX_PRESIGN_SECONDS) {
    throw new UserFacingError('A presigned URL lasts between 1 second and 7 days; choose an expiry in that range.', 'InvalidExpiry');
  }
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  return withS3(target, `presign ${s3Uri(bucket, key)}`, ({ sdk, client }) =>
    getSignedUrl(client, new sdk.GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSec }),
  );
}
