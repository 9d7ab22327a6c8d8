/** `write-profile`: credentials JSON from stdin into a profile of the shared credentials file, losslessly. */
import { writeCredentialsProfile } from '../core/export/awsFiles';
import { parseCredentialsJson } from '../core/export/formats';
import { validateProfileName } from '../core/export/iniEdit';
import { registerSecret } from '../core/redact';
import { check, need, print, UsageError, type CommandSpec } from './common';

export const writeProfileCommand: CommandSpec = {
  options: { 'aws-profile': { type: 'string' } },
  positionals: 0,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'write-profile';
    const profile = need(ctx.values, 'aws-profile', cmd);
    check(validateProfileName(profile), cmd);
    if (ctx.io.isTTY) throw new UsageError('write-profile reads credentials JSON on stdin; pipe "credentials --output json" into it.', cmd);
    const text = (await ctx.stdin.all()).trim();
    if (!text) throw new UsageError('write-profile read nothing on stdin; pipe "credentials --output json" into it.', cmd);
    const creds = parseCredentialsJson(text);
    registerSecret(creds.secretAccessKey);
    registerSecret(creds.sessionToken);
    const written = await writeCredentialsProfile(profile, creds, ctx.io.env);
    const verb = written.createdFile ? 'created' : written.addedProfile ? 'added to' : 'updated in';
    if (ctx.output === 'text') {
      ctx.io.stdout.write(`Profile ${profile} ${verb} ${written.path}${creds.expiration ? `; the credentials expire at ${creds.expiration}` : ''}.\n`);
    } else {
      print(ctx, { File: written.path, Profile: profile, Created: written.createdFile, AddedProfile: written.addedProfile, Expiration: creds.expiration || undefined });
    }
    return 0;
  },
};
