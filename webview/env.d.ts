/** Globals the VS Code webview host provides, and the side-effect CSS import esbuild bundles. */
interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeWebviewApi;

declare module '*.css';
