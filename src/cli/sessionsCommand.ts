/** `sessions list|forget NAME`: the CLI's saved sessions (tokens in the user's cache folder). */
import { forgetCachedSession, listCachedSessions, sessionCacheDir, validateSessionName } from '../core/export/sessionCache';
import { UserFacingError } from '../core/errors';
import { check, print, UsageError, type CommandSpec } from './common';

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

export const sessionsCommand: CommandSpec = {
  options: {},
  positionals: 2,
  outputs: ['json', 'text'],
  async run(ctx) {
    const cmd = 'sessions';
    const [action, name] = ctx.positionals;
    if (action === 'list') {
      if (name) throw new UsageError('sessions list takes no name.', cmd);
      const all = await listCachedSessions(ctx.io.env);
      const rows = all.map((s) => ({
        Name: s.name,
        Username: s.username,
        UserPoolId: s.userPoolId,
        ClientId: s.clientId,
        IdentityPoolId: s.identityPoolId ?? '',
        TokensExpire: iso(s.tokens.obtainedAt + s.tokens.expiresIn * 1000),
        CanRenew: Boolean(s.tokens.refreshToken),
        CredentialsExpire: s.credentials?.expiration ?? '',
      }));
      if (ctx.output === 'text') {
        ctx.io.stdout.write(rows.map((r) => `${Object.values(r).join('\t')}\n`).join(''));
      } else {
        print(ctx, { Folder: sessionCacheDir(ctx.io.env), Sessions: rows });
      }
      return 0;
    }
    if (action === 'forget') {
      if (!name) throw new UsageError('sessions forget needs the name of a session (see "sessions list").', cmd);
      check(validateSessionName(name), cmd);
      const removed = await forgetCachedSession(ctx.io.env, name);
      if (!removed) throw new UserFacingError(`There is no saved session ${name}; "sessions list" shows the saved ones.`, 'NoSavedSession');
      if (ctx.output === 'text') ctx.io.stdout.write(`Forgot the saved session ${name}.\n`);
      else print(ctx, { Forgotten: name });
      return 0;
    }
    throw new UsageError(action ? `Unknown sessions action "${action.slice(0, 40)}"; use list or forget.` : 'sessions needs an action: list or forget NAME.', cmd);
  },
};
