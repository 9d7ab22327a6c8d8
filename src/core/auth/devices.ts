/**
 * Remembered devices: ConfirmDevice with an SRP verifier after a sign-in that returned NewDeviceMetadata, the
 * device secrets kept in the host's SecretStore, and the device list of the signed-in user.
 */
import type { DeviceType } from '@aws-sdk/client-cognito-identity-provider';
import type { Connection } from '../connection';
import { UserFacingError } from '../errors';
import { systemClock, type Clock, type SecretStore } from '../ports';
import { registerSecret } from '../redact';
import type { DeviceSecrets } from './flow';
import { withIdp, withUserPool } from './idpCall';
import { deviceVerifier } from './srp';
import { redactParameters, type SignInTrace } from './trace';

export type { DeviceSecrets } from './flow';

/** `cognitoExplorer/<connection>/device/<username>`: one remembered device per user and connection. */
export function deviceSecretKey(connectionId: string, username: string): string {
  return `cognitoExplorer/${connectionId}/device/${username}`;
}

/** Keeps a device's key, group key and password in the SecretStore (the only place they may live). */
export async function saveDevice(secrets: SecretStore, connectionId: string, username: string, device: DeviceSecrets): Promise<void> {
  await secrets.store(deviceSecretKey(connectionId, username), JSON.stringify(device));
}

/** The remembered device of this user on this connection, if a complete one is stored. */
export async function loadDevice(secrets: SecretStore, connectionId: string, username: string): Promise<DeviceSecrets | undefined> {
  const raw = await secrets.get(deviceSecretKey(connectionId, username));
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<DeviceSecrets>;
    if (typeof parsed.deviceKey === 'string' && typeof parsed.deviceGroupKey === 'string' && typeof parsed.devicePassword === 'string') {
      registerSecret(parsed.devicePassword);
      return { deviceKey: parsed.deviceKey, deviceGroupKey: parsed.deviceGroupKey, devicePassword: parsed.devicePassword };
    }
  } catch {
    // A damaged entry is the same as none: the next sign-in offers to remember the device again.
  }
  return undefined;
}

export async function deleteDevice(secrets: SecretStore, connectionId: string, username: string): Promise<void> {
  await secrets.delete(deviceSecretKey(connectionId, username));
}

export interface ConfirmDeviceOptions {
  /** Shown in the user's device list; defaults to "Cognito Explorer". */
  deviceName?: string;
  /** Also mark the device "remembered" (UpdateDeviceStatus), so it can skip MFA where the pool allows that. */
  remember?: boolean;
  clock?: Clock;
}

export interface ConfirmedDevice {
  /** Save these with saveDevice; they answer DEVICE_SRP_AUTH in later sign-ins. */
  device: DeviceSecrets;
  /** Cognito wants the user to decide whether to remember it (pool setting "user opt-in"). */
  userConfirmationNecessary: boolean;
  remembered: boolean;
  /** ConfirmDevice (and UpdateDeviceStatus) entries, to append to the sign-in trace. */
  trace: SignInTrace;
}

/**
 * Registers the device Cognito announced in NewDeviceMetadata: a random device password, and a salt and
 * verifier computed from it (the password never leaves this machine).
 */
export async function confirmDevice(
  connection: Connection,
  accessToken: string,
  newDevice: { deviceKey: string; deviceGroupKey: string },
  opts: ConfirmDeviceOptions = {},
): Promise<ConfirmedDevice> {
  if (!newDevice?.deviceKey || !newDevice.deviceGroupKey) throw new UserFacingError('Cognito did not name a new device to remember.', 'InvalidInput');
  const clock = opts.clock ?? systemClock;
  const verifier = deviceVerifier(newDevice.deviceGroupKey, newDevice.deviceKey);
  registerSecret(verifier.devicePassword);
  const deviceName = opts.deviceName?.trim() || 'Cognito Explorer';
  const trace: SignInTrace = [];
  return withUserPool(connection, 'remember this device', async (client) => {
    const at = clock.now();
    const entry = {
      at,
      operation: 'ConfirmDevice' as const,
      parameters: redactParameters({ AccessToken: accessToken, DeviceKey: newDevice.deviceKey, DeviceSecretVerifierConfig: verifier.config, DeviceName: deviceName }),
      outcome: 'answered',
    };
    trace.push(entry);
    const confirmed = await client
      .send('ConfirmDevice', { AccessToken: accessToken, DeviceKey: newDevice.deviceKey, DeviceSecretVerifierConfig: verifier.config, DeviceName: deviceName })
      .catch((err: unknown) => {
        entry.outcome = `error ${(err as Error).name}`;
        throw err;
      });
    entry.outcome = confirmed.UserConfirmationNecessary ? 'confirmed; user confirmation necessary' : 'confirmed';
    let remembered = false;
    if (opts.remember) {
      trace.push({ at: clock.now(), operation: 'UpdateDeviceStatus', parameters: redactParameters({ AccessToken: accessToken, DeviceKey: newDevice.deviceKey, DeviceRememberedStatus: 'remembered' }), outcome: 'answered' });
      await client.send('UpdateDeviceStatus', { AccessToken: accessToken, DeviceKey: newDevice.deviceKey, DeviceRememberedStatus: 'remembered' });
      remembered = true;
    }
    return {
      device: { deviceKey: newDevice.deviceKey, deviceGroupKey: newDevice.deviceGroupKey, devicePassword: verifier.devicePassword },
      userConfirmationNecessary: Boolean(confirmed.UserConfirmationNecessary),
      remembered,
      trace,
    };
  });
}

export interface DeviceInfo {
  deviceKey: string;
  name?: string;
  /** "remembered" | "not_remembered", when the pool reports it. */
  rememberedStatus?: string;
  lastIp?: string;
  createdAt?: string;
  lastAuthenticatedAt?: string;
  lastModifiedAt?: string;
  attributes: Record<string, string>;
}

function infoOf(d: DeviceType): DeviceInfo {
  const attributes = Object.fromEntries((d.DeviceAttributes ?? []).filter((a) => a.Name).map((a) => [a.Name as string, a.Value ?? '']));
  const iso = (v: Date | undefined) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : undefined);
  const info: DeviceInfo = { deviceKey: d.DeviceKey ?? '', attributes };
  if (attributes.device_name) info.name = attributes.device_name;
  if (attributes['dev:device_remembered_status']) info.rememberedStatus = attributes['dev:device_remembered_status'];
  if (attributes.last_ip_used) info.lastIp = attributes.last_ip_used;
  const created = iso(d.DeviceCreateDate);
  const authenticated = iso(d.DeviceLastAuthenticatedDate);
  const modified = iso(d.DeviceLastModifiedDate);
  if (created) info.createdAt = created;
  if (authenticated) info.lastAuthenticatedAt = authenticated;
  if (modified) info.lastModifiedAt = modified;
  return info;
}

/** Every device Cognito tracks for the signed-in user (follows pagination). */
export async function listDevices(connection: Connection, accessToken: string): Promise<DeviceInfo[]> {
  return withIdp(connection, 'list devices', async ({ sdk, client }) => {
    const out: DeviceInfo[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new sdk.ListDevicesCommand({ AccessToken: accessToken, Limit: 60, ...(token ? { PaginationToken: token } : {}) }));
      out.push(...(page.Devices ?? []).map(infoOf));
      token = page.PaginationToken;
    } while (token);
    return out;
  });
}

/** Forgets a device: it must prove itself again (and its refresh tokens stop working). */
export async function forgetDevice(connection: Connection, accessToken: string, deviceKey: string): Promise<void> {
  await withIdp(connection, 'forget the device', ({ sdk, client }) => client.send(new sdk.ForgetDeviceCommand({ AccessToken: accessToken, DeviceKey: deviceKey })));
}

/** Marks a device remembered or not remembered. */
export async function updateDeviceStatus(connection: Connection, accessToken: string, deviceKey: string, remembered: boolean): Promise<void> {
  await withIdp(connection, 'update the device', ({ sdk, client }) =>
    client.send(new sdk.UpdateDeviceStatusCommand({ AccessToken: accessToken, DeviceKey: deviceKey, DeviceRememberedStatus: remembered ? 'remembered' : 'not_remembered' })),
  );
}
