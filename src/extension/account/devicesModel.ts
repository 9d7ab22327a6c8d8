/** What the device list shows and which actions each device offers, computed without VS Code. */
import type { DeviceInfo } from '../../core/auth/devices';
import { formatRemaining } from '../../core/session';

export type DeviceAction = 'forget' | 'remember' | 'notRemember';

export interface DeviceRow {
  deviceKey: string;
  label: string;
  description: string;
  detail: string;
  current: boolean;
  remembered: boolean;
  actions: DeviceAction[];
}

export const ACTION_LABEL: Record<DeviceAction, string> = {
  forget: 'Forget this device',
  remember: 'Remember this device',
  notRemember: "Don't remember this device",
};

function lastUsed(d: DeviceInfo, now: number): string {
  const at = Date.parse(d.lastAuthenticatedAt ?? d.lastModifiedAt ?? d.createdAt ?? '');
  if (Number.isNaN(at)) return 'never used';
  const ms = now - at;
  return ms < 60_000 ? 'last used just now' : `last used ${formatRemaining(ms)} ago`;
}

/** One row per device, the current one (the device this editor signs in with) first, then the most recently used. */
export function deviceRows(devices: readonly DeviceInfo[], currentKey: string | undefined, now: number): DeviceRow[] {
  const recency = (d: DeviceInfo) => Date.parse(d.lastAuthenticatedAt ?? d.lastModifiedAt ?? d.createdAt ?? '') || 0;
  return [...devices]
    .sort((a, b) => Number(b.deviceKey === currentKey) - Number(a.deviceKey === currentKey) || recency(b) - recency(a))
    .map((d) => {
      const current = d.deviceKey === currentKey;
      const remembered = d.rememberedStatus === 'remembered';
      const flags = [current ? 'this editor' : undefined, remembered ? 'remembered' : 'not remembered'].filter(Boolean);
      return {
        deviceKey: d.deviceKey,
        label: d.name || d.deviceKey,
        description: flags.join(' · '),
        detail: [lastUsed(d, now), d.lastIp ? `from ${d.lastIp}` : undefined, d.name ? d.deviceKey : undefined].filter(Boolean).join(' · '),
        current,
        remembered,
        actions: ['forget', remembered ? 'notRemember' : 'remember'],
      };
    });
}
