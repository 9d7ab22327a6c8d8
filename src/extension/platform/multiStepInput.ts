import * as vscode from 'vscode';

/** One input box in a multi-step flow. `validate` runs as the user types and again on Enter. */
export interface InputStep<S> {
  prompt: string;
  placeholder?: string;
  password?: boolean;
  /** Pre-filled value, computed from what earlier steps collected. */
  value?: (state: S) => string | undefined;
  validate: (value: string, state: S) => string | undefined;
  apply: (state: S, value: string) => void;
}

const BACK = Symbol('back');

function showStep<S>(title: string, step: InputStep<S>, index: number, total: number, state: S): Promise<string | typeof BACK | undefined> {
  return new Promise((resolve) => {
    const input = vscode.window.createInputBox();
    const disposables: vscode.Disposable[] = [input];
    const finish = (result: string | typeof BACK | undefined) => {
      resolve(result);
      disposables.forEach((d) => d.dispose());
    };
    input.title = title;
    input.step = index + 1;
    input.totalSteps = total;
    input.prompt = step.prompt;
    input.placeholder = step.placeholder;
    input.password = Boolean(step.password);
    input.ignoreFocusOut = true;
    input.value = step.value?.(state) ?? '';
    input.buttons = index > 0 ? [vscode.QuickInputButtons.Back] : [];
    if (input.value) input.validationMessage = step.validate(input.value, state);
    disposables.push(
      input.onDidChangeValue((value) => {
        input.validationMessage = step.validate(value, state);
      }),
      input.onDidAccept(() => {
        const problem = step.validate(input.value, state);
        if (problem) {
          input.validationMessage = problem;
          return;
        }
        finish(input.value);
      }),
      input.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) finish(BACK);
      }),
      input.onDidHide(() => finish(undefined)),
    );
    input.show();
  });
}

/** Runs the steps in order with a Back button; resolves the filled state, or undefined when the user cancels. */
export async function runSteps<S>(title: string, steps: InputStep<S>[], state: S): Promise<S | undefined> {
  let index = 0;
  while (index < steps.length) {
    const result = await showStep(title, steps[index], index, steps.length, state);
    if (result === undefined) return undefined;
    if (result === BACK) {
      index = Math.max(0, index - 1);
      continue;
    }
    steps[index].apply(state, result);
    index++;
  }
  return state;
}
