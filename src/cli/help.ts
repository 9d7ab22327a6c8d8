/** Usage text, kept beside the parser so every option a command accepts is documented. */

export const PROGRAM = 'cognito-explorer';

const COMMON = `Connection options (like the AWS CLI):
  --region REGION          AWS region; defaults to the prefix of the user pool id
  --user-pool-id ID        user pool id, e.g. us-east-1_AbC123xyz
  --client-id ID           app client id
  --endpoint-url URL       send every AWS call (and the JWKS fetch) here, e.g. a local emulator;
                           defaults to the AWS_ENDPOINT_URL environment variable
Output and diagnostics:
  --output json|text       json (default) or one KEY<TAB>value line per field
  --debug                  on failure, also print the (redacted) stack trace and log lines
  -h, --help               show help`;

export const GLOBAL_HELP = `${PROGRAM}: Amazon Cognito from the command line (the same core as the Cognito Explorer VS Code extension).

Usage: ${PROGRAM} <command> [options]

Commands:
  sign-in       sign a user in and print the tokens
  decode        decode a JWT, optionally verify it against the user pool's keys
  credentials   exchange an ID token for AWS credentials through an identity pool

Run "${PROGRAM} <command> --help" for a command's options.

Secrets are never taken as argument values: passwords come from --password-stdin, the
COGNITO_PASSWORD environment variable or a hidden prompt; a client secret from COGNITO_CLIENT_SECRET.

Exit status: 0 success, 1 the operation failed (one "error: ..." line on stderr), 2 usage error.
`;

export const COMMAND_HELP: Record<string, string> = {
  'sign-in': `Usage: ${PROGRAM} sign-in --user-pool-id ID --client-id ID --username NAME [options]

Signs in and prints {"AccessToken","IdToken","RefreshToken","ExpiresIn","TokenType"}.

  --username NAME          the user to sign in
  --auth-flow srp|password USER_SRP_AUTH (default; the password never leaves this machine)
                           or USER_PASSWORD_AUTH
  --password-stdin         read the password from the first line of stdin
The password is read from --password-stdin, else COGNITO_PASSWORD, else a prompt without echo
when stdin is a terminal. A client secret, if the app client has one, comes from COGNITO_CLIENT_SECRET.

${COMMON}

Example:
  printf '%s\\n' "$PW" | ${PROGRAM} sign-in --user-pool-id us-east-1_abc --client-id 1example --username alice --password-stdin
`,
  decode: `Usage: ${PROGRAM} decode [TOKEN|-] [--verify] [options]

Decodes a JWT (a leading "Bearer " is fine) and prints {"header","payload","times","verified","reason"}.
The token comes from the argument, or from stdin when the argument is "-" or missing.
Without --verify, "verified" is null and nothing is checked.

  --verify                 check the signature (RS256, key by kid from the pool's JWKS), issuer,
                           token_use, audience and expiry; adds "checks" to the output
  --jwks-url URL           where to fetch the keys; defaults to the pool's JWKS (at --endpoint-url
                           when one is given)
  --token-use id|access    also require this kind of token
  --clock-tolerance SEC    leeway for expiry, in seconds (default 60)
When verifying, the pool is --user-pool-id, or else the one named by the token's own "iss" (it must
be a Cognito issuer URL); the app client is --client-id, or else the token's "aud" (ID token) or
"client_id" (access token). Taken from the token, issuer and audience only prove that pool signed it
for that client: pass both options to pin them.
Exit 1 when the token is malformed or fails verification; stderr names the reason.

${COMMON}
`,
  credentials: `Usage: ${PROGRAM} credentials --identity-pool-id ID [options] < id-token

Reads an ID token from the first line of stdin (or the JSON printed by "sign-in") and exchanges it
through the identity pool (GetId, GetCredentialsForIdentity) for temporary AWS credentials.

  --identity-pool-id ID    identity pool id, e.g. us-east-1:1a2b3c4d-...
  --custom-role-arn ARN    ask for this role (the identity pool must allow choosing roles)
  --output FORMAT          json (default): {"IdentityId","AccessKeyId","SecretAccessKey","SessionToken","Expiration"}
                           text: KEY<TAB>value lines
                           credential-process: the JSON the AWS CLI's credential_process expects
                           env: export lines for a shell (see --shell)
  --shell bash|fish|powershell|cmd   the shell --output env writes for (default bash)
The user pool (the key of the Logins map) is --user-pool-id, or else the pool in the token's "iss".

${COMMON}

Example:
  ${PROGRAM} sign-in ... --password-stdin < pw | ${PROGRAM} credentials --identity-pool-id us-east-1:... --output env
`,
};
