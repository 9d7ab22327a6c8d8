/**
 * `write-profile`: credentials JSON from stdin into a profile of the shared credentials file, or (with
 * --credential-process) a profile of the config file whose credential_process runs this CLI. Both lossless.
 */
import { realpathSync } from 'node:fs';
import { writeCredentialsProfile, writeProcessProfile, type ProfileWritten } from '../core/export/awsFiles';
import { parseCredentialsJson } from '../core/export/formats';
import { validateProfileName } from '../core/export/iniEdit';
import { requireCachedSession, validateSessionName } from '../core/export/sessionCache';
import { registerSecret } from '../core/redact';
import { check, need, print, UsageError, type CommandContext, type CommandSpec } from './common';

const CMD = 'write-profile';

async function fromStdin(ctx: CommandContext, profile: string): Promise<{ written: ProfileWritten; expiration?: string }> {
  if (ctx.io.isTTY) throw new UsageError('write-profile reads credentials JSON on stdin; pipe "credentials --output json" into it.', CMD);
  const text = (await ctx.stdin.all()).trim();
  if (!text) throw new UsageError('write-profile read nothing on stdin; pipe "credentials --output json" into it.', CMD);
  const creds = parseCredentialsJson(text);
  registerSecret(creds.secretAccessKey);
  registerSecret(creds.sessionToken);
  return { written: await writeCredentialsProfile(profile, creds, ctx.io.env), expiration: creds.expiration || undefined };
}

async function processProfile(ctx: CommandContext, profile: string): Promise<{ written: ProfileWritten }> {
  const name = need(ctx.values, 'connection', CMD);
  check(validateSessionName(name), CMD);
  const session = await requireCachedSession(ctx.io.env, name);
  // The script node was started with (dist/cli.js, or the npm bin link to it), so the profile runs this same CLI.
  const argv = [process.execPath, realpathSync(process.argv[1]), 'credential-process', '--connection', name];
  return { written: await writeProcessProfile(profile, { argv, region: session.region, endpointUrl: session.endpointUrl }, ctx.io.env) };
}

export const writeProfileCommand: CommandSpec = {
  options: { 'aws-profile': { type: 'string' }, 'credential-process': { type: 'boolean' }, connection: { type: 'string' } },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const profile = need(ctx.values, 'aws-profile', CMD);
    check(validateProfileName(profile), CMD);
    const viaProcess = Boolean(ctx.values['credential-process']);
    if (!viaProcess && ctx.values.connection) throw new UsageError('--connection goes with --credential-process.', CMD);
    const { written, expiration } = viaProcess ? { ...(await processProfile(ctx, profile)), expiration: undefined } : await fromStdin(ctx, profile);
    const verb = written.createdFile ? 'created' : written.addedProfile ? 'added to' : 'updated in';
    if (ctx.output === 'text') {
      const tail = viaProcess ? '; its credential_process renews the credentials' : expiration ? `; the credentials expire at ${expiration}` : '';
      ctx.io.stdout.write(`Profile ${profile} ${verb} ${written.path}${tail}.\n`);
    } else {
      print(ctx, { File: written.path, Profile: profile, Created: written.createdFile, AddedProfile: written.addedProfile, Expiration: expiration });
    }
    return 0;
  },
};
