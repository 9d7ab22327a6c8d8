import * as vscode from 'vscode';
import { deleteDevice, forgetDevice, listDevices, updateDeviceStatus } from '../../core/auth/devices';
import type { Connection } from '../../core/connection';
import { UserFacingError } from '../../core/errors';
import { ACTION_LABEL, type DeviceAction, type DeviceRow, deviceRows } from '../account/devicesModel';
import { deviceOfSession, type SessionRenewer } from '../session/sessionRenewer';
import { automationArg, type CommandDeps, pickConnection } from './deps';
import { withCancellableProgress } from '../platform/progress';

/** Lets scripts and tests act without prompts; without `action` the command only lists. */
export interface DevicesArgs {
  connectionId: string;
  deviceKey: string;
  action: DeviceAction;
}

const ACTIONS: readonly DeviceAction[] = ['forget', 'remember', 'notRemember'];

export function register(deps: CommandDeps, renewer: SessionRenewer): void {
  const { commands, sessions, logger, clock } = deps;

  async function load(conn: Connection) {
    const session = await renewer.usableSession(conn);
    const remembered = await deviceOfSession(sessions.secrets, conn.id, session);
    const devices = await listDevices(conn, session.tokens.accessToken);
    return { session, remembered, rows: deviceRows(devices, remembered?.device.deviceKey, clock.now()) };
  }

  commands.register('cognitoExplorer.listDevices', async (arg?: unknown): Promise<DeviceRow[] | undefined> => {
    const given = automationArg<DevicesArgs>(arg);
    const conn = await pickConnection(deps, arg, { signedIn: true, placeHolder: 'Manage the devices of which session?' });
    if (!conn) return undefined;
    const { session, remembered, rows } = await withCancellableProgress(`Listing the devices of ${sessions.get(conn.id)?.username ?? conn.name}…`, () => load(conn));
    if (given && !given.action) return rows;

    let row: DeviceRow | undefined;
    let action: DeviceAction | undefined;
    if (given) {
      if (!ACTIONS.includes(given.action!)) throw new UserFacingError(`Unknown device action "${String(given.action)}"; use forget, remember or notRemember.`, 'InvalidInput');
      row = rows.find((r) => r.deviceKey === given.deviceKey);
      if (!row) throw new UserFacingError(`${session.username} has no device ${String(given.deviceKey)} on ${conn.name}.`, 'NoSuchDevice');
      action = given.action;
    } else {
      if (rows.length === 0) {
        void vscode.window.showInformationMessage(`Cognito tracks no devices for ${session.username} on ${conn.name}.`);
        return rows;
      }
      const picked = await vscode.window.showQuickPick(
        rows.map((r) => ({ label: r.label, description: r.description, detail: r.detail, row: r })),
        { title: `Cognito: Devices of ${session.username} (${conn.name})`, placeHolder: 'Pick a device to forget, remember or stop remembering', matchOnDetail: true, ignoreFocusOut: true },
      );
      if (!picked) return undefined;
      row = picked.row;
      const chosen = await vscode.window.showQuickPick(
        row.actions.map((a) => ({ label: ACTION_LABEL[a], action: a })),
        { title: `Device ${row.label}`, placeHolder: 'What should Cognito do with this device?', ignoreFocusOut: true },
      );
      if (!chosen) return undefined;
      action = chosen.action;
      if (action === 'forget') {
        const detail = row.current
          ? 'This is the device this editor signs in with: its stored device secrets are deleted too, and the pool may ask for MFA again at the next sign-in.'
          : 'That device will have to prove itself again at its next sign-in.';
        const ok = await vscode.window.showWarningMessage(`Forget device ${row.label}?`, { modal: true, detail }, 'Forget');
        if (ok !== 'Forget') return undefined;
      }
    }

    const token = session.tokens.accessToken;
    if (action === 'forget') {
      await forgetDevice(conn, token, row.deviceKey);
      // Forgotten at Cognito, the stored secrets can only fail the next sign-in's device challenge.
      if (row.current && remembered) await deleteDevice(sessions.secrets, conn.id, remembered.keyedBy);
    } else {
      await updateDeviceStatus(conn, token, row.deviceKey, action === 'remember');
    }
    const done = action === 'forget' ? `Forgot device ${row.label}` : action === 'remember' ? `Device ${row.label} is remembered now` : `Device ${row.label} is no longer remembered`;
    logger.info(`${done} (${session.username} on "${conn.name}")${action === 'forget' && row.current ? '; its stored secrets were deleted' : ''}`);
    if (!given) void vscode.window.showInformationMessage(`${done}${action === 'forget' && row.current ? '; its secrets were removed from this editor' : ''}.`);
    return (await load(conn)).rows;
  });
}
