/**
 * The extension's parts that load on first use, not at activation: the panel hosts and the sign-in engine (the AWS
 * SDK, jose and qrcode load later still, inside the core). Reach them only through these functions, never with a
 * static import, so esbuild.mjs keeps them out of what dist/extension.js loads up front.
 */
type TokenPanelModule = typeof import('./panels/tokenPanel');
type SignInPanelModule = typeof import('./panels/signInPanel');
type UserBrowserPanelModule = typeof import('./panels/userBrowserPanel');

let tokenPanel: TokenPanelModule | undefined;
let signInPanel: SignInPanelModule | undefined;
let userBrowserPanel: UserBrowserPanelModule | undefined;

export async function tokenPanelModule(): Promise<TokenPanelModule> {
  return (tokenPanel ??= await import('./panels/tokenPanel'));
}

export async function signInPanelModule(): Promise<SignInPanelModule> {
  return (signInPanel ??= await import('./panels/signInPanel'));
}

export async function userBrowserPanelModule(): Promise<UserBrowserPanelModule> {
  return (userBrowserPanel ??= await import('./panels/userBrowserPanel'));
}

/** The panel modules loaded so far (nothing to dispose or to report for one never opened). */
export function loadedPanels(): { tokenPanel?: TokenPanelModule; signInPanel?: SignInPanelModule; userBrowserPanel?: UserBrowserPanelModule } {
  return { tokenPanel, signInPanel, userBrowserPanel };
}

/** Prompt texts and labels of the sign-in experience, shared by the palette and the panel. */
export const signInUi = () => import('./panels/signInPanelState');

/** The sign-in state machine behind both the palette and the panel. */
export const signInSteps = () => import('./signIn/signInSteps');

/** Following the CLI session caches of credential_process profiles (only where one was set up). */
export const cliSessionLinkModule = () => import('./exports/cliSessionLink');
