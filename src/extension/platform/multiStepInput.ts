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
  /** Asked only when this holds for what earlier steps collected (skipped both ways, Back included). */
  when?: (state: S) => boolean;
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
  const asked = (i: number) => steps[i].when?.(state) ?? true;
  const history: number[] = [];
  let index = 0;
  while (index < steps.length) {
    if (!asked(index)) {
      index++;
      continue;
    }
    const result = await showStep(title, steps[index], history.length, history.length + 1 + steps.slice(index + 1).filter((_, j) => asked(index + 1 + j)).length, state);
    if (result === undefined) return undefined;
    if (result === BACK) {
      index = history.pop() ?? 0;
      continue;
    }
    steps[index].apply(state, result);
    history.push(index);
    index++;
  }
  return state;
}
