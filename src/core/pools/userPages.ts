/** One page of ListUsers as plain data, and the shape every user listing shares. */
import type { AttributeType, UserType } from '@aws-sdk/client-cognito-identity-provider';
import { withIdp, type AdminTarget, type CallOptions } from './adminTarget';
import { validateFilter } from './filter';
import { UserFacingError } from '../errors';

export interface PoolUser {
  username: string;
  sub?: string;
  /** Cognito's UserStatus: CONFIRMED, UNCONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED, EXTERNAL_PROVIDER... */
  status?: string;
  enabled: boolean;
  created?: Date;
  lastModified?: Date;
  /** Every attribute Cognito returned, under its Cognito name (`custom:tier` included). */
  attributes: Record<string, string>;
  /** MFA methods the user has set up (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP), when Cognito says. */
  mfa?: string[];
}

/** Cognito's attribute list as a record. */
export function attributeRecord(list: readonly AttributeType[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of list ?? []) if (a.Name) out[a.Name] = a.Value ?? '';
  return out;
}

interface UserFields {
  Username?: string;
  UserStatus?: string;
  Enabled?: boolean;
  UserCreateDate?: Date;
  UserLastModifiedDate?: Date;
}

/** The fields ListUsers and AdminGetUser share, with the attributes already read. */
export function poolUserOf(u: UserFields, attributes: Record<string, string>, mfa?: string[]): PoolUser {
  return {
    username: u.Username ?? '',
    ...(attributes.sub ? { sub: attributes.sub } : {}),
    ...(u.UserStatus ? { status: u.UserStatus } : {}),
    enabled: u.Enabled !== false,
    ...(u.UserCreateDate ? { created: new Date(u.UserCreateDate) } : {}),
    ...(u.UserLastModifiedDate ? { lastModified: new Date(u.UserLastModifiedDate) } : {}),
    attributes,
    ...(mfa?.length ? { mfa } : {}),
  };
}

/** A ListUsers / ListUsersInGroup entry as a PoolUser. */
export function toPoolUser(u: UserType): PoolUser {
  const mfa = u.MFAOptions?.map((o) => (o.DeliveryMedium === 'SMS' ? 'SMS_MFA' : String(o.DeliveryMedium ?? ''))).filter(Boolean);
  return poolUserOf(u, attributeRecord(u.Attributes), mfa);
}

/** ListUsers returns at most 60 users a page. */
export const MAX_PAGE = 60;

export interface ListUsersOptions extends CallOptions {
  filter?: string;
  limit?: number;
  paginationToken?: string;
  /** Only these attributes (AttributesToGet); the username, status and dates always come back. */
  attributes?: string[];
}

/** Throws the filter's problem as a sentence before anything is sent. */
export function checkFilter(filter: string | undefined): void {
  const problem = filter ? validateFilter(filter) : undefined;
  if (problem) throw new UserFacingError(problem, 'InvalidFilter');
}

/** One page of users (ListUsers), optionally filtered; `nextToken` is absent after the last page. */
export async function listUsers(t: AdminTarget, poolId: string, opts: ListUsersOptions = {}): Promise<{ users: PoolUser[]; nextToken?: string }> {
  checkFilter(opts.filter);
  return withIdp(t, { userPoolId: poolId, action: 'list users' }, async ({ sdk, client }) => {
    const out = await client.send(
      new sdk.ListUsersCommand({
        UserPoolId: poolId,
        Limit: Math.min(Math.max(1, opts.limit ?? MAX_PAGE), MAX_PAGE),
        ...(opts.filter?.trim() ? { Filter: opts.filter.trim() } : {}),
        ...(opts.paginationToken ? { PaginationToken: opts.paginationToken } : {}),
        ...(opts.attributes?.length ? { AttributesToGet: opts.attributes } : {}),
      }),
      { abortSignal: opts.signal },
    );
    return { users: (out.Users ?? []).map(toPoolUser), ...(out.PaginationToken ? { nextToken: out.PaginationToken } : {}) };
  });
}
