/** Users of a pool: pages, every user, one user in full, and finding a user by what someone remembers of them. */
import { withIdp, type AdminTarget, type CallOptions } from './adminTarget';
import { buildFilter } from './filter';
import { attributeRecord, listUsers, poolUserOf, type PoolUser } from './userPages';
import { explainError } from '../errors';

export { listUsers, toPoolUser, attributeRecord, MAX_PAGE, type PoolUser, type ListUsersOptions } from './userPages';
export { listAllUsers, type ListAllOptions } from './listAll';

export interface DeviceSummary {
  key: string;
  name?: string;
  lastIp?: string;
  created?: Date;
  lastAuthenticated?: Date;
  remembered?: boolean;
}

export interface UserDetails extends PoolUser {
  groups: string[];
  /** Legacy SMS MFA options (AdminGetUser's MFAOptions). */
  mfaOptions: { deliveryMedium?: string; attributeName?: string }[];
  preferredMfa?: string;
  devices: DeviceSummary[];
  /** Set when the groups or devices could not be read (the rest of the user still shows). */
  groupsError?: string;
  devicesError?: string;
}

async function allGroupsOf(t: AdminTarget, poolId: string, username: string, opts: CallOptions): Promise<string[]> {
  const groups: string[] = [];
  let token: string | undefined;
  do {
    const out = await withIdp(t, { userPoolId: poolId, username, action: 'list the user\'s groups' }, ({ sdk, client }) =>
      client.send(new sdk.AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: username, Limit: 60, NextToken: token }), { abortSignal: opts.signal }),
    );
    for (const g of out.Groups ?? []) if (g.GroupName) groups.push(g.GroupName);
    token = out.NextToken;
  } while (token);
  return groups;
}

async function devicesOf(t: AdminTarget, poolId: string, username: string, opts: CallOptions): Promise<DeviceSummary[]> {
  const out = await withIdp(t, { userPoolId: poolId, username, action: 'list the user\'s devices' }, ({ sdk, client }) =>
    client.send(new sdk.AdminListDevicesCommand({ UserPoolId: poolId, Username: username, Limit: 60 }), { abortSignal: opts.signal }),
  );
  return (out.Devices ?? []).map((d) => {
    const attrs = attributeRecord(d.DeviceAttributes);
    return {
      key: d.DeviceKey ?? '',
      ...(attrs.device_name ? { name: attrs.device_name } : {}),
      ...(attrs.last_ip_used ? { lastIp: attrs.last_ip_used } : {}),
      ...(d.DeviceCreateDate ? { created: new Date(d.DeviceCreateDate) } : {}),
      ...(d.DeviceLastAuthenticatedDate ? { lastAuthenticated: new Date(d.DeviceLastAuthenticatedDate) } : {}),
      ...(attrs.device_status ? { remembered: attrs.device_status === 'remembered' } : {}),
    };
  });
}

/**
 * Why the devices are missing. An emulator that lacks AdminListDevices (moto answers it with an HTML page and HTTP
 * 500) is the likely cause behind a non-AWS answer from an endpoint override: say so, instead of doubting the URL
 * that just served the rest of the user.
 */
function devicesProblem(t: AdminTarget, err: unknown): string {
  const sentence = explainError(err);
  if (t.endpointUrl && /not a valid AWS response/.test(sentence)) {
    return `Devices are not shown: ${t.endpointUrl.replace(/\/+$/, '')} could not list them (local emulators such as moto do not implement AdminListDevices).`;
  }
  return sentence;
}

/** Everything Cognito holds for one user (AdminGetUser), with their groups and remembered devices. */
export async function getUser(t: AdminTarget, poolId: string, username: string, opts: CallOptions = {}): Promise<UserDetails> {
  const out = await withIdp(t, { userPoolId: poolId, username, action: `get user ${username}` }, ({ sdk, client }) =>
    client.send(new sdk.AdminGetUserCommand({ UserPoolId: poolId, Username: username }), { abortSignal: opts.signal }),
  );
  const attributes = attributeRecord(out.UserAttributes);
  const [groups, devices] = await Promise.allSettled([allGroupsOf(t, poolId, out.Username ?? username, opts), devicesOf(t, poolId, out.Username ?? username, opts)]);
  return {
    ...poolUserOf({ ...out, Username: out.Username ?? username }, attributes, out.UserMFASettingList),
    mfaOptions: (out.MFAOptions ?? []).map((o) => ({ deliveryMedium: o.DeliveryMedium, attributeName: o.AttributeName })),
    ...(out.PreferredMfaSetting ? { preferredMfa: out.PreferredMfaSetting } : {}),
    groups: groups.status === 'fulfilled' ? groups.value : [],
    devices: devices.status === 'fulfilled' ? devices.value : [],
    ...(groups.status === 'rejected' ? { groupsError: explainError(groups.reason) } : {}),
    ...(devices.status === 'rejected' ? { devicesError: devicesProblem(t, devices.reason) } : {}),
  };
}

/** The filters worth trying for what someone typed: exact username, and prefixes of the likely attributes. */
export function findFilters(query: string): string[] {
  const q = query.trim();
  if (!q) return [];
  const filters = [buildFilter('username', '=', q), buildFilter('username', '^=', q)];
  if (q.includes('@') || /^[\w.+-]+$/.test(q)) filters.push(buildFilter('email', '^=', q.toLowerCase()));
  const digits = q.replace(/[\s().-]/g, '');
  if (/^\+?\d{3,}$/.test(digits)) filters.push(buildFilter('phone_number', '^=', digits.startsWith('+') ? digits : `+${digits}`));
  if (/^[0-9a-f-]+$/i.test(q)) filters.push(buildFilter('sub', '^=', q.toLowerCase()));
  filters.push(buildFilter('preferred_username', '^=', q));
  return [...new Set(filters)];
}

/**
 * Users matching a username, email, phone number or sub prefix (one filtered ListUsers each, in parallel,
 * merged; exact username first). At most one page per kind, so a vague query stays fast.
 */
export async function findUsers(t: AdminTarget, poolId: string, query: string, opts: CallOptions = {}): Promise<PoolUser[]> {
  const filters = findFilters(query);
  const pages = await Promise.all(filters.map((filter) => listUsers(t, poolId, { filter, signal: opts.signal })));
  const seen = new Set<string>();
  const found: PoolUser[] = [];
  for (const page of pages) {
    for (const u of page.users) {
      if (seen.has(u.username)) continue;
      seen.add(u.username);
      found.push(u);
    }
  }
  return found;
}
