/** Usage text of the admin commands (pools, clients, groups, users), merged into COMMAND_HELP by help.ts. */

const P = 'cognito-explorer';

const ADMIN = `AWS access (like the AWS CLI; no keys are ever typed in):
  --profile NAME           a profile from ~/.aws/config or ~/.aws/credentials (SSO included);
                           default: the usual chain (AWS_PROFILE, environment, files, SSO)
  --region REGION          default: the user pool id's prefix, else AWS_REGION, else the profile's
  --user-pool-id ID        the user pool, e.g. us-east-1_AbC123xyz (local_... on cognito-local)
  --endpoint-url URL       an emulator such as moto or cognito-local; default AWS_ENDPOINT_URL
  --debug                  on failure, also print the (redacted) stack trace
  -h, --help               show help
An expired SSO session exits 1 with "run aws sso login --profile X".`;

const OUTPUT = `  --output json|text       json (default) or tab-separated lines`;
const USERS_OUTPUT = `  --output json|text|csv   json (default): {"users": [...]}; text: username, status, enabled,
                           attributes; csv: RFC 4180, cells starting with = + - @ escaped, columns
                           from --attributes or else the pool's schema. Output streams page by page.
  --attr-map FILE          a JSON object renaming attributes for display, e.g.
                           {"given_name": "First name", "custom:tier": "Tier"}; a broken map is
                           one warning line and is ignored`;

function family(name: string, what: string, subs: [string, string][]): string {
  return `Usage: ${P} ${name} <subcommand> [options]

${what}

Subcommands:
${subs.map(([s, d]) => `  ${s.padEnd(24)} ${d}`).join('\n')}

Run "${P} ${name} <subcommand> --help" for its options.
`;
}

const USER = `  --username NAME          the user (Cognito's username; in email-as-username pools, often the sub)`;

function action(sub: string, does: string, extra = ''): string {
  return `Usage: ${P} users ${sub} --user-pool-id ID --username NAME${extra ? ' [options]' : ''}

${does}

${USER}
${extra}${extra ? '\n' : ''}${OUTPUT}

${ADMIN}
`;
}

export const POOLS_HELP: Record<string, string> = {
  pools: family('pools', 'The user pools of a region.', [['list', 'every user pool in the region'], ['describe', 'a pool\'s sign-in settings, policies, triggers, schema']]),
  clients: family('clients', 'The app clients of a user pool.', [['list', 'the pool\'s app clients'], ['describe', 'a client\'s settings with preflight warnings']]),
  groups: family('groups', 'The groups of a user pool.', [['list', 'name, precedence, description, role'], ['members', 'the users in a group']]),
  users: family('users', 'The users of a user pool, and admin actions on one user.', [
    ['list', 'a page of users, or --all of them (fast, parallel)'],
    ['get', 'everything Cognito holds for one user'],
    ['find', 'users by username, email, phone or sub prefix'],
    ['create', 'create a user (temporary password or invitation)'],
    ['enable | disable', 'let a user sign in, or stop them'],
    ['reset-password', 'require a new password (Cognito sends a code)'],
    ['set-password', 'set a password (from stdin), temporary or --permanent'],
    ['confirm', 'confirm a sign-up without the code'],
    ['verify-attribute', 'mark email or phone_number verified'],
    ['add-to-group', 'add the user to a group'],
    ['remove-from-group', 'remove the user from a group'],
    ['sign-out', 'sign the user out everywhere'],
    ['delete', 'delete the user (asks for the username again)'],
  ]),
  'pools list': `Usage: ${P} pools list [--region REGION] [--profile NAME]

Prints every user pool of the region: {"pools": [{"id","name","created","lastModified"}]}.

${OUTPUT}

${ADMIN}
`,
  'pools describe': `Usage: ${P} pools describe --user-pool-id ID

Prints what matters for signing in: username attributes, MFA, password policy, device tracking,
Lambda triggers, schema attributes, the tokens' issuer, deletion protection.

${OUTPUT}

${ADMIN}
`,
  'clients list': `Usage: ${P} clients list --user-pool-id ID

Prints the pool's app clients: {"clients": [{"id","name"}]}.

${OUTPUT}

${ADMIN}
`,
  'clients describe': `Usage: ${P} clients describe --user-pool-id ID --client-id ID

Prints the client's auth flows, read/write attributes, token validities, refresh-token rotation and
whether it has a secret (never the secret), with "warnings": which sign-ins will fail and why.

${OUTPUT}

${ADMIN}
`,
  'groups list': `Usage: ${P} groups list --user-pool-id ID

Prints the pool's groups: name, description, precedence, role ARN.

${OUTPUT}

${ADMIN}
`,
  'groups members': `Usage: ${P} groups members --user-pool-id ID --group NAME

Prints every member of the group.

  --group NAME             the group
${USERS_OUTPUT}

${ADMIN}
`,
  'users list': `Usage: ${P} users list --user-pool-id ID [--filter EXPR] [--attributes a,b] [--all] [options]

Prints one page of users (60 unless --limit), or with --all every user of the pool: listed in 16
parallel streams split by sub prefix (one stream with --filter), retrying when Cognito throttles.

  --filter EXPR            a ListUsers filter: ATTRIBUTE = "value" or ATTRIBUTE ^= "prefix" on
                           username, email, phone_number, name, given_name, family_name,
                           preferred_username, cognito:user_status, status or sub
  --attributes a,b         only these attributes (AttributesToGet)
  --all                    every user, not one page
  --limit N                page size, 1 to 60 (without --all)
  --pagination-token T     continue from the "nextToken" of a previous --output json page
  --concurrency N          with --all: most requests in flight, 1 to 16 (default 8)
  --sequential             with --all: one stream, page after page, in Cognito's order (for
                           emulators, whose filtered pages cost a scan of the whole pool)
${USERS_OUTPUT}

${ADMIN}

Example:
  ${P} users list --user-pool-id us-east-1_abc --all --output csv --attr-map names.json > users.csv
`,
  'users get': `Usage: ${P} users get --user-pool-id ID --username NAME [--attr-map FILE]

Prints the user (AdminGetUser) with their groups, MFA settings and remembered devices.

${USER}
  --attr-map FILE          rename attributes for display (see users list --help)
${OUTPUT}

${ADMIN}
`,
  'users find': `Usage: ${P} users find --user-pool-id ID QUERY

Finds users whose username is QUERY, or whose username, email, phone number, sub or preferred
username starts with it (one filtered ListUsers each, in parallel; at most a page of each).

  --query QUERY            instead of the argument
${USERS_OUTPUT}

${ADMIN}
`,
  'users create': action(
    'create',
    'Creates a user (AdminCreateUser). Without a temporary password Cognito generates one and sends\nthe invitation; --resend sends an existing user\'s invitation again.',
    `  --attribute NAME=VALUE   an attribute, e.g. email=alice@example.com or custom:tier=gold (repeatable)
  --temporary-password-stdin  read the temporary password from the first line of stdin
  --suppress-message       send no invitation
  --resend                 send the invitation again (the user must exist)
  --delivery EMAIL,SMS     how to send the invitation (Cognito's default: SMS)`,
  ),
  'users enable': action('enable', 'Lets a disabled user sign in again (says so when they already could).'),
  'users disable': action('disable', 'Stops a user from signing in; Cognito revokes their tokens.'),
  'users reset-password': action('reset-password', 'Makes the current password stop working; the user sets a new one with the code Cognito sends.'),
  'users set-password': action(
    'set-password',
    'Sets the user\'s password, read from the first line of stdin (or typed without echo on a\nterminal; never an argument). Temporary unless --permanent.',
    '  --permanent              the user keeps this password (status CONFIRMED)',
  ),
  'users confirm': action('confirm', 'Confirms a sign-up without the code (AdminConfirmSignUp).'),
  'users verify-attribute': action('verify-attribute', 'Marks the email address or phone number as verified.', '  --attribute-name NAME    email or phone_number'),
  'users add-to-group': action('add-to-group', 'Adds the user to a group.', '  --group NAME             the group'),
  'users remove-from-group': action('remove-from-group', 'Removes the user from a group.', '  --group NAME             the group'),
  'users sign-out': action('sign-out', 'Signs the user out everywhere (AdminUserGlobalSignOut): their refresh tokens stop working.'),
  'users delete': action('delete', 'Deletes the user for good. Runs only when --confirm-username repeats the username.', '  --confirm-username NAME  the same username again'),
};
