// The peer of `cognito-explorer sign-in`: a whole-process USER_SRP_AUTH sign-in with amazon-cognito-identity-js.
// Usage: node acijSignIn.cjs <userPoolId> <clientId> <username> <endpoint>  (password on stdin, like ours).
const { AuthenticationDetails, CognitoUser, CognitoUserPool } = require('amazon-cognito-identity-js');

const [userPoolId, clientId, username, endpoint] = process.argv.slice(2);
let password = '';
process.stdin.on('data', (d) => (password += d));
process.stdin.on('end', () => {
  const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint });
  const user = new CognitoUser({ Username: username, Pool: pool });
  user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password.replace(/\r?\n$/, '') }), {
    onSuccess: (session) => process.stdout.write(`${JSON.stringify({ idToken: session.getIdToken().getJwtToken() })}\n`),
    onFailure: (err) => {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = 1;
    },
  });
});
