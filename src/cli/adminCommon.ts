/** What the admin commands (pools, clients, groups, users) share: the target, the attribute map, streaming output. */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { validateRegion } from '../core/connection';
import { parseAttrMapJson, EMPTY_ATTR_MAP, type AttrMap } from '../core/pools/attrMap';
import { regionOfProfile, type AdminTarget } from '../core/pools/adminTarget';
import { escapeControl } from '../core/text';
import { check, endpointOf, poolOf, str, UsageError, type CommandContext, type Options } from './common';

/** Options every admin command takes, on top of the common ones. */
export const ADMIN_OPTIONS: Options = { profile: { type: 'string' } };

/** The pool the command works on, its region and the profile that signs the calls. */
export interface AdminCall {
  t: AdminTarget;
  poolId: string;
}

function profileOf(ctx: CommandContext): string | undefined {
  return str(ctx.values, 'profile');
}

/** Target without a pool (pools list): --region, else AWS_REGION / AWS_DEFAULT_REGION, else the profile's region. */
export async function regionTarget(ctx: CommandContext, command: string): Promise<AdminTarget> {
  const profile = profileOf(ctx);
  const endpointUrl = endpointOf(ctx, command);
  const region =
    str(ctx.values, 'region') ??
    (ctx.io.env.AWS_REGION?.trim() || ctx.io.env.AWS_DEFAULT_REGION?.trim() || undefined) ??
    (await regionOfProfile(profile, ctx.io.env)) ??
    (endpointUrl ? 'us-east-1' : undefined);
  if (!region) throw new UsageError(`${command} needs --region (or AWS_REGION, or a region in the profile).`, command);
  check(validateRegion(region), command);
  return { region, ...(profile ? { profile } : {}), ...(endpointUrl ? { endpointUrl } : {}) };
}

/** Target and pool from --user-pool-id (region from the id unless --region, like the AWS CLI). */
export function poolTarget(ctx: CommandContext, command: string): AdminCall {
  const pool = poolOf(ctx, command);
  if (!pool) throw new UsageError(`${command} needs --user-pool-id.`, command);
  const profile = profileOf(ctx);
  return { poolId: pool.userPoolId, t: { region: pool.region, ...(profile ? { profile } : {}), ...(pool.endpointUrl ? { endpointUrl: pool.endpointUrl } : {}) } };
}

/** Writes and waits when the stream's buffer is full, so output of any size takes constant memory. */
export async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** --attr-map FILE: one flat JSON map; a broken map is one warning line and is ignored. */
export async function attrMapOf(ctx: CommandContext): Promise<AttrMap> {
  const file = str(ctx.values, 'attr-map');
  if (!file) return EMPTY_ATTR_MAP;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    ctx.io.stderr.write(`warning: Could not read the attribute map ${escapeControl(file)}; attributes keep their Cognito names.\n`);
    return EMPTY_ATTR_MAP;
  }
  const { map, error } = parseAttrMapJson(text, `The attribute map ${file}`);
  if (error) ctx.io.stderr.write(`warning: ${escapeControl(error)}\n`);
  return map;
}
