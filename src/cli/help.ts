/** Usage text, kept beside the parser so every option a command accepts is documented. */
import { version } from '../../package.json';
import { POOLS_HELP } from './poolsHelp';
import type { HelpTable } from './quick';

export const PROGRAM = 'cognito-explorer';

const COMMON = `Connection options (like the AWS CLI):
  --region REGION          AWS region; defaults to the prefix of the user pool id
  --user-pool-id ID        user pool id, e.g. us-east-1_AbC123xyz
  --client-id ID           app client id
  --endpoint-url URL       send every AWS call (and the JWKS fetch) here, e.g. a local emulator;
                           defaults to the AWS_ENDPOINT_URL environment variable
  --timeout SECONDS        give up on an AWS call that has not finished after this long (default 20)
Output and diagnostics:
  --output json|text       json (default) or one KEY<TAB>value line per field
  --debug                  on failure, also print the (redacted) stack trace and log lines
  -h, --help               show help`;

const ACCESS_TOKEN = `The access token comes from stdin (a line, or the JSON sign-in prints); the pool from the token's
issuer unless --user-pool-id is given.`;

export const GLOBAL_HELP = `${PROGRAM}: Amazon Cognito from the command line (the same core as the Cognito Explorer VS Code extension).

Usage: ${PROGRAM} <command> [options]

Commands:
  sign-in                  sign a user in (any flow, answering challenges) and print the tokens
  refresh                  new tokens from a refresh token
  decode                   decode a JWT, optionally verify it against the user pool's keys
  credentials              exchange an ID token for AWS credentials through an identity pool
  write-profile            write credentials JSON (from stdin) into a profile of ~/.aws/credentials
  credential-process       print AWS credentials for a saved session, for credential_process in ~/.aws/config
  sessions                 list or forget the sessions saved with sign-in --save-session
  sign-up                  register a new user
  confirm-sign-up          confirm a sign-up with the code Cognito sent
  resend-code              send the sign-up confirmation code again
  forgot-password          start a password reset (Cognito sends a code)
  confirm-forgot-password  set a new password with that code
  change-password          change the signed-in user's password
  global-sign-out          sign the user out everywhere (GlobalSignOut)
  revoke                   revoke a refresh token (RevokeToken)
  get-user                 show the signed-in user's username, attributes and MFA settings
  update-attributes        change the signed-in user's attributes
  send-verification-code   send a code to verify the user's email or phone number
  verify-attribute         verify email or phone_number with that code
  delete-user              delete the signed-in user's own account (asks for the username)
  list-devices             list the devices Cognito remembers for the user
  forget-device            forget one of those devices
Administration (signed with your AWS profile):
  pools list|describe      the region's user pools, and one pool's settings
  clients list|describe    a pool's app clients, and one client's settings with preflight warnings
  groups list|members      a pool's groups, and a group's users
  users list|get|find      users: a page, --all of them (fast, --output csv streams), one, or a search
  users create|enable|disable|reset-password|set-password|confirm|verify-attribute|
        add-to-group|remove-from-group|sign-out|delete   admin actions on one user

Run "${PROGRAM} <command> --help" for a command's options.

Secrets are never taken as argument values: passwords come from --password-stdin, the
COGNITO_PASSWORD environment variable or a hidden prompt; a client secret from COGNITO_CLIENT_SECRET;
tokens from stdin (a line, or the JSON sign-in prints); custom challenge answers from
--challenge-answer-stdin or a hidden prompt. Read from the command line (visible to other processes
and kept in shell history): ids, the region, the endpoint URL, usernames, attribute values, MFA codes
(--mfa-code, single-use), --challenge-answer choices and --client-metadata.

Exit status: 0 success, 1 the operation failed (one "error: ..." line on stderr), 2 usage error.
`;

export const COMMAND_HELP: Record<string, string> = {
  ...POOLS_HELP,
  'sign-in': `Usage: ${PROGRAM} sign-in --user-pool-id ID --client-id ID --username NAME [options]

Signs in and prints {"AccessToken","IdToken","RefreshToken","ExpiresIn","TokenType"}.

  --username NAME          the user to sign in
  --auth-flow FLOW         srp (default): USER_SRP_AUTH, the password never leaves this machine
                           password: USER_PASSWORD_AUTH
                           admin: ADMIN_USER_PASSWORD_AUTH, signed with AWS credentials (--profile)
                           custom: CUSTOM_AUTH; with a password given, SRP runs first
                           user-auth: choice-based USER_AUTH (SELECT_CHALLENGE)
  --profile NAME           AWS profile for --auth-flow admin (default: the usual credential chain)
  --preferred-challenge F  user-auth: PASSWORD, PASSWORD_SRP, EMAIL_OTP or SMS_OTP to try first
  --client-metadata JSON   ClientMetadata for the pool's Lambda triggers, e.g. '{"tenant":"acme"}'
  --password-stdin         read the password from the first line of stdin
  --new-password-stdin     answer NEW_PASSWORD_REQUIRED with the next line of stdin: line 2 after the
                           password with --password-stdin, else line 1
  --attribute NAME=VALUE   a required attribute for NEW_PASSWORD_REQUIRED (repeatable)
  --mfa-code CODE          the code for SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS_OTP or MFA setup
  --challenge-answer NAME  a choice for SELECT_MFA_TYPE or SELECT_CHALLENGE, in the order Cognito asks
                           (repeatable); choices only, never secrets
  --challenge-answer-stdin answer each CUSTOM_CHALLENGE with the next line of stdin (after the password
                           and new-password lines); on a terminal the answer is asked without echo
  --issuer NAME            the issuer shown by authenticator apps during MFA setup (default: pool id)
  --save-session NAME      save the tokens in the session cache as NAME (for credential-process) and
                           print where they went instead of the tokens
  --identity-pool-id ID    with --save-session: the identity pool credential-process uses
The password is read from --password-stdin, else COGNITO_PASSWORD, else a prompt without echo
when stdin is a terminal (custom and user-auth ask for one only when a step needs it). A client
secret, if the app client has one, comes from COGNITO_CLIENT_SECRET.
On a terminal every challenge is asked for (codes and passwords without echo). Without one, a
challenge with no answer given fails with a sentence naming the option to use. MFA setup prints the
otpauth:// URI (and its secret) to stderr first; after it, TOTP becomes the user's preferred MFA.
Use --debug to see the sign-in trace: every request, parameter names, secret values redacted.

${COMMON}

Example:
  printf '%s\\n' "$PW" | ${PROGRAM} sign-in --user-pool-id us-east-1_abc --client-id 1example --username alice --password-stdin
`,
  refresh: `Usage: ${PROGRAM} refresh [--user-pool-id ID] [--client-id ID] [options] < refresh-token

Reads a refresh token from stdin (a line, or the JSON sign-in prints) and prints new tokens like
sign-in. REFRESH_TOKEN_AUTH returns no refresh token, so the one given is printed again. Piped the
JSON sign-in prints, the pool and the app client come from its access token unless given; with a
bare refresh token, pass --user-pool-id and --client-id.

  --username NAME          the username Cognito knows the user by, for SECRET_HASH when the client
                           has a secret (taken from the JSON's AccessToken when piped from sign-in)
  --device-key KEY         the remembered device the session belongs to
  --rotation               the client rotates refresh tokens: use GetTokensFromRefreshToken
An expired or revoked refresh token exits 1 with "... sign in again."

${COMMON}
`,
  'sign-up': `Usage: ${PROGRAM} sign-up --user-pool-id ID --client-id ID --username NAME [--attribute NAME=VALUE]... [options]

Registers a user and prints {"UserConfirmed","UserSub","CodeDeliveryDetails"}. The password comes
from --password-stdin (first line), COGNITO_PASSWORD, or a prompt on a terminal.

  --attribute NAME=VALUE   a user attribute, e.g. email=alice@example.com (repeatable)

${COMMON}
`,
  'confirm-sign-up': `Usage: ${PROGRAM} confirm-sign-up --user-pool-id ID --client-id ID --username NAME --code CODE

Confirms a sign-up with the code Cognito sent.

${COMMON}
`,
  'resend-code': `Usage: ${PROGRAM} resend-code --user-pool-id ID --client-id ID --username NAME

Sends the sign-up confirmation code again and prints where it went.

${COMMON}
`,
  'forgot-password': `Usage: ${PROGRAM} forgot-password --user-pool-id ID --client-id ID --username NAME

Starts a password reset: Cognito sends a code to the user's verified email or phone.

${COMMON}
`,
  'confirm-forgot-password': `Usage: ${PROGRAM} confirm-forgot-password --user-pool-id ID --client-id ID --username NAME --code CODE < new-password

Sets the new password (first line of stdin, or a prompt on a terminal) with the code from forgot-password.

${COMMON}
`,
  'change-password': `Usage: ${PROGRAM} change-password [--user-pool-id ID] < lines

Changes the signed-in user's password. stdin holds three lines, in this order:
  1. the access token   2. the current password   3. the new password
On a terminal each is asked for without echo. The pool comes from the token's issuer unless given.

${COMMON}
`,
  'global-sign-out': `Usage: ${PROGRAM} global-sign-out [--user-pool-id ID] < access-token

Signs the user out of every device (GlobalSignOut): all refresh tokens stop working. The access token
comes from stdin (a line, or the JSON sign-in prints).

${COMMON}
`,
  revoke: `Usage: ${PROGRAM} revoke --user-pool-id ID --client-id ID < refresh-token

Revokes a refresh token (RevokeToken; the app client must allow token revocation). The token comes
from stdin (a line, or the JSON sign-in prints); a client secret from COGNITO_CLIENT_SECRET.

${COMMON}
`,
  'get-user': `Usage: ${PROGRAM} get-user [--user-pool-id ID] < access-token

Prints the signed-in user as Cognito sees them (GetUser):
{"Username","UserAttributes":{NAME:VALUE},"PreferredMfaSetting","UserMFASettingList"}.
${ACCESS_TOKEN}

${COMMON}

Example:
  ${PROGRAM} sign-in ... --password-stdin < pw | ${PROGRAM} get-user
`,
  'update-attributes': `Usage: ${PROGRAM} update-attributes --attribute NAME=VALUE [--attribute NAME=VALUE]... [--user-pool-id ID] < access-token

Changes the signed-in user's attributes (UpdateUserAttributes) and prints
{"UpdatedAttributes","NeedsVerification","CodeDeliveryDetailsList"}: a changed email or phone_number
needs verifying, and the list says where Cognito sent each code. Verify with verify-attribute.

  --attribute NAME=VALUE   an attribute to set, e.g. given_name=Alice or custom:team=blue (repeatable)
${ACCESS_TOKEN}

${COMMON}
`,
  'send-verification-code': `Usage: ${PROGRAM} send-verification-code --attribute-name email|phone_number [--user-pool-id ID] < access-token

Asks Cognito to send a verification code for the attribute (GetUserAttributeVerificationCode) and
prints where it went: {"CodeDeliveryDetails":{"Destination","DeliveryMedium","AttributeName"}}.

  --attribute-name NAME    email or phone_number
${ACCESS_TOKEN}

${COMMON}
`,
  'verify-attribute': `Usage: ${PROGRAM} verify-attribute --attribute-name email|phone_number --code CODE [--user-pool-id ID] < access-token

Verifies the attribute with the code Cognito sent (VerifyUserAttribute).

  --attribute-name NAME    email or phone_number
  --code CODE              the one-time code from the email or text message
${ACCESS_TOKEN}

${COMMON}
`,
  'delete-user': `Usage: ${PROGRAM} delete-user --confirm-username NAME [--user-pool-id ID] < access-token

Deletes the signed-in user's own account (DeleteUser). This cannot be undone, so it runs only when
--confirm-username equals the username in the access token (its "username" claim; in a pool where
users sign in with their email this is the generated id, not the email). Otherwise it exits 2.

  --confirm-username NAME  the username of the account to delete
${ACCESS_TOKEN}

${COMMON}
`,
  'list-devices': `Usage: ${PROGRAM} list-devices [--user-pool-id ID] < access-token

Lists the devices Cognito tracks for the signed-in user (ListDevices, every page):
{"Devices":[{"DeviceKey","DeviceName","DeviceRememberedStatus","LastIpUsed","DeviceCreateDate",
"DeviceLastAuthenticatedDate","DeviceLastModifiedDate","DeviceAttributes"}]}.
With --output text, one line per device: key, name, remembered status, last sign-in, tab-separated.
${ACCESS_TOKEN}

${COMMON}
`,
  'forget-device': `Usage: ${PROGRAM} forget-device --device-key KEY [--user-pool-id ID] < access-token

Forgets a device (ForgetDevice): it must prove itself again, and its refresh tokens stop working.

  --device-key KEY         the device's key, as list-devices prints it
${ACCESS_TOKEN}

${COMMON}
`,
  decode: `Usage: ${PROGRAM} decode [TOKEN|-] [--verify] [options]

Decodes a JWT (a leading "Bearer " is fine) and prints {"header","payload","times","verified","reason"}.
The token comes from the argument, or from stdin when the argument is "-" or missing.
Without --verify, "verified" is null and nothing is checked.

  --token id|access|refresh  which token of the JSON sign-in prints to read (default: id, or access
                           with --token-use access); refresh tokens decode only (Cognito's are opaque)
  --verify                 check the header (no crit/b64), the signature (RS256, key by kid from the
                           pool's JWKS, fetched again once for an unknown kid), issuer, token_use,
                           audience and the times; adds "checks" (and "clockSkewSec", this computer's
                           clock minus the key server's Date header) to the output
  --issuer URL             accept only this exact issuer (e.g. an emulator's own form)
  --jwks-url URL           where to fetch the keys; defaults to the JWKS of the issuer's own host (AWS),
                           or of --endpoint-url when one is given
  --token-use id|access    also require this kind of token
  --leeway SEC             clock leeway for exp, nbf and iat, 0 to 3600 seconds (default 60);
                           --clock-tolerance is the same
Issuers accepted: AWS's ORIGINAL https://cognito-idp.<region>.amazonaws.com/<pool> and UPDATED
https://issuer-cognito-idp.<region>.amazonaws.com/<pool>; with --endpoint-url also <endpoint>/<pool>
(localhost and 127.0.0.1 alike), LocalStack's http://localhost.localstack.cloud:4566/<pool> and
http://localhost:4566/<pool>, and the issuer <endpoint>/<pool>/.well-known/openid-configuration names.
When verifying, the pool is --user-pool-id, or else the one named by the token's own "iss" (an AWS
issuer URL; with --endpoint-url also <origin>/<pool>, so emulator ids like local_6mMsEx9W work, the
region then from --region or AWS_REGION, else us-east-1); the app client is --client-id, or else the
token's "aud" (ID token) or "client_id" (access token). Taken from the token, issuer and audience only
prove that pool signed it for that client: pass both options to pin them.
Exit 1 when the token is malformed or fails verification; stderr names the reason.

${COMMON}
`,
  credentials: `Usage: ${PROGRAM} credentials --identity-pool-id ID [--flow FLOW] [options] [< id-token]

Gets temporary AWS credentials from an identity pool. The enhanced and basic flows read an ID token from
the first line of stdin (or the JSON printed by "sign-in").

  --identity-pool-id ID    identity pool id, e.g. us-east-1:1a2b3c4d-...
  --flow FLOW              enhanced (default): GetId, GetCredentialsForIdentity with the ID token
                           basic: GetId, GetOpenIdToken, then STS AssumeRoleWithWebIdentity (needs a role:
                           --role-arn, else the token's cognito:preferred_role)
                           guest: an unauthenticated identity (the pool must allow guests)
                           developer: a developer-authenticated identity, with its token from your backend
                           (--login-url) or from GetOpenIdTokenForDeveloperIdentity (--developer-provider)
  --role-arn ARN           the role to get: enhanced passes it as CustomRoleArn (it must be one of the
                           token's cognito:roles); basic assumes it (--custom-role-arn is the old name)
  --identity-id ID         an identity id the user already has: skips GetId (developer: links the login)
  --developer-provider N   developer: the identity pool's developer provider name
  --developer-user-id ID   developer: the user's id in your backend
  --profile NAME           developer: AWS profile that signs GetOpenIdTokenForDeveloperIdentity
  --login-url URL          developer: your backend's login; POSTed {username, password}
  --identity-url URL       developer: GET with the login's token or cookies, answers {IdentityId, Token}
                           (leave out when the login itself answers with them)
  --login-format json|form how the login is sent (default json)
  --username NAME          developer: the user for --login-url; the password comes from --password-stdin,
                           COGNITO_PASSWORD or a prompt, and is sent only to --login-url
  --connection NAME        use the session saved with sign-in --save-session NAME instead of an ID
                           token on stdin (renewed like credential-process; the enhanced flow)
  --output FORMAT          json (default): {"IdentityId","AccessKeyId","SecretAccessKey","SessionToken","Expiration"}
                           text: KEY<TAB>value lines
                           env: lines that set the variables in a shell (see --shell)
                           dotenv: NAME=value lines for a .env file
                           credential-process: the JSON the AWS CLI's credential_process expects
  --shell bash|fish|powershell|cmd   the shell --output env writes for (default bash; bash lines suit zsh);
                           --shell alone implies --output env
The user pool (the key of the Logins map) is --user-pool-id, or else the pool in the token's "iss".
Every format sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION,
AWS_DEFAULT_REGION, AWS_CREDENTIAL_EXPIRATION (and AWS_ENDPOINT_URL with --endpoint-url).

${COMMON}

Examples:
  ${PROGRAM} sign-in ... --password-stdin < pw | ${PROGRAM} credentials --identity-pool-id us-east-1:... --output env
  ${PROGRAM} credentials --identity-pool-id us-east-1:... --flow guest
  printf '%s\\n' "$PW" | ${PROGRAM} credentials --identity-pool-id us-east-1:... --flow developer \\
      --login-url https://api.example.com/login/ --identity-url https://api.example.com/cognito/ --username alice --password-stdin
  eval "$(${PROGRAM} credentials --identity-pool-id us-east-1:... --output env < tokens.json)"
  ${PROGRAM} credentials --identity-pool-id us-east-1:... < tokens.json | ${PROGRAM} write-profile --aws-profile cognito
`,
  'write-profile': `Usage: ${PROGRAM} write-profile --aws-profile NAME < credentials.json
       ${PROGRAM} write-profile --aws-profile NAME --credential-process --connection SESSION

Reads credentials JSON from stdin (what "credentials --output json" prints; credential_process JSON and
"aws sts" output work too) and sets aws_access_key_id, aws_secret_access_key and aws_session_token of
[NAME] in the shared credentials file: AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials. Prints
which file and profile changed.

  --aws-profile NAME       the profile to create or update

Only that profile's three keys change: comments, order, blank lines, line endings, a BOM and every
other profile keep their bytes. A new file gets mode 0600, an existing one keeps its mode; the file is
replaced atomically (temp file in the same folder, then rename). A file that is not an INI credentials
file (JSON, a shell script, binary, keys before any [section], [NAME] twice) is refused and left as is.
The credentials expire (see Expiration); for credentials that renew themselves use credential-process:

  --credential-process     write [profile NAME] in the config file instead (AWS_CONFIG_FILE, else
                           ~/.aws/config): credential_process runs this CLI's credential-process for
                           the saved session, plus its region (and endpoint_url for emulators); no
                           stdin, no token in the file. Same lossless rules.
  --connection SESSION     with --credential-process: the session saved with sign-in --save-session

  --output json|text       json (default): {"File","Profile","Created","AddedProfile","Expiration"}
`,
  'credential-process': `Usage: ${PROGRAM} credential-process --connection NAME [--identity-pool-id ID] [--role-arn ARN]

Prints AWS credentials for the session saved as NAME (sign-in --save-session NAME) in the JSON the AWS
CLI and SDKs expect from credential_process: {"Version":1,"AccessKeyId","SecretAccessKey",
"SessionToken","Expiration"}. Cached credentials are printed while fresh (no network); else new ones
come from the identity pool, after refreshing the tokens with the saved refresh token when they have
expired. The session file is updated atomically.

  --connection NAME        the saved session (see "sessions list")
  --identity-pool-id ID    the identity pool; default: the one saved with the session
  --role-arn ARN           ask for this role (CustomRoleArn)
If the app client has a secret, set COGNITO_CLIENT_SECRET in the environment the AWS CLI or SDK runs
in. When the refresh token has ended, it exits 1 with "... sign in again with --save-session NAME".

Use it from ~/.aws/config (no shell wrapper, no token on the command line):
  [profile cognito]
  credential_process = ${PROGRAM} credential-process --connection dev
  region = us-east-1
`,
  sessions: `Usage: ${PROGRAM} sessions list | sessions forget NAME

The session cache holds the tokens saved by "sign-in --save-session NAME" (and the last AWS credentials
credential-process got), one file per session in $XDG_CACHE_HOME/cognito-explorer/sessions (default
~/.cache/cognito-explorer/sessions; folder mode 0700, files 0600).

  list                     the saved sessions: name, user, pool, client, identity pool, expiries
  forget NAME              delete the saved session NAME (its refresh token stays valid at Cognito
                           until it expires; use revoke or global-sign-out to end it there)

  --output json|text       json (default), or one tab-separated line per session
`,
};

/** All of the above in one table: what runCli answers from, and what the build inlines into dist/cli.js. */
export const HELP_TABLE: HelpTable = { program: PROGRAM, version, global: GLOBAL_HELP, commands: COMMAND_HELP };
