/** What the credentials reach in S3: buckets, then one "folder" level of a bucket at a time. */
import { s3Client, type ClientTarget } from '../aws';
import { toUserFacing } from '../errors';

export interface BucketInfo {
  name: string;
  /** ISO 8601. */
  createdAt?: string;
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

/** Every bucket the credentials can list, sorted by name. */
export async function listBuckets(target: ClientTarget): Promise<BucketInfo[]> {
  try {
    const { sdk, client } = await s3Client(target);
    try {
      const out = await client.send(new sdk.ListBucketsCommand({}));
      return (out.Buckets ?? [])
        .filter((b) => b.Name)
        .map((b) => ({ name: b.Name as string, ...(b.CreationDate ? { createdAt: b.CreationDate.toISOString() } : {}) }))
        .sort((a, b) => a.name.localeCompare(b.name));
    } finally {
      client.destroy();
    }
  } catch (err) {
    throw toUserFacing(err, { action: 'list buckets', endpointUrl: target.endpointUrl });
  }
}

/** One page of the level under `prefix` (delimiter "/"): sub-prefixes and the objects directly in it. */
export async function listObjects(
  target: ClientTarget,
  bucket: string,
  prefix = '',
  continuationToken?: string,
  pageSize = 1000,
): Promise<ObjectPage> {
  try {
    const { sdk, client } = await s3Client(target);
    try {
      const out = await client.send(
        new sdk.ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix || undefined,
          Delimiter: '/',
          MaxKeys: pageSize,
          ContinuationToken: continuationToken,
        }),
      );
      return {
        prefixes: (out.CommonPrefixes ?? []).map((p) => p.Prefix).filter((p): p is string => Boolean(p)),
        objects: (out.Contents ?? [])
          // S3 lists the "folder marker" object equal to the prefix itself; it is the folder, not a child.
          .filter((o) => o.Key && o.Key !== prefix)
          .map((o) => ({
            key: o.Key as string,
            size: o.Size ?? 0,
            ...(o.LastModified ? { lastModified: o.LastModified.toISOString() } : {}),
          })),
        ...(out.IsTruncated && out.NextContinuationToken ? { nextToken: out.NextContinuationToken } : {}),
      };
    } finally {
      client.destroy();
    }
  } catch (err) {
    throw toUserFacing(err, { action: `list objects in ${bucket}`, endpointUrl: target.endpointUrl });
  }
}
