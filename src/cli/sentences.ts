/**
 * The core's sentences name the extension's remedies ("add it to the connection"); on a command line the remedy
 * is an option or an environment variable, so the CLI says that instead.
 */
const CLI_REMEDIES: [RegExp, string][] = [
  [/add it to the connection \(or check it is the right one\)/, 'set COGNITO_CLIENT_SECRET to it (or check it is the right one)'],
  [/if this app client has a secret, add it to the connection/, 'if this app client has a secret, set COGNITO_CLIENT_SECRET'],
  [/This connection has no identity pool; edit it and add the identity pool id\./, 'No identity pool was given; pass --identity-pool-id.'],
  [/check the client id in the connection/, 'check --client-id'],
  [/check the pool id and region in the connection/, 'check --user-pool-id and --region'],
  [/check the endpoint URL and the ids in the connection/, 'check --endpoint-url and the ids you passed'],
  [/; fix it in the connection\./, '; fix --endpoint-url.'],
  [/; fix the connection\./, '; check the options.'],
  [/edit the connection and enter it again/, 'set COGNITO_CLIENT_SECRET'],
];

/** The sentence with the extension's remedies replaced by the CLI's. */
export function cliSentence(sentence: string): string {
  return CLI_REMEDIES.reduce((s, [from, to]) => s.replace(from, to), sentence);
}
