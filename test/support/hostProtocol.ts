/** What the extension-host suite (test/extensionHost) and its runner (hostTests.ts) agree on. */

/** Logged by run() first: workbench log lines before it are startup noise, kept only for failure reports. */
export const HOST_TESTS_BEGIN = 'cognito-explorer: extension-host tests begin';
/** The runner passes the moto endpoint to the tests through this variable (the extension host inherits code-server's env). */
export const ENDPOINT_ENV = 'COGNITO_EXPLORER_TEST_ENDPOINT';
