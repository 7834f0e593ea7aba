import { ApiError, type FieldErrors } from '../api.ts';
import { describeError } from '../format.ts';

/** What a controller may do to a form on screen; widgets/form-panel.ts is the DOM side of it. */
export interface FormPort {
  /**
   * Marks each field named in `errors` and focuses the first. Errors for no field of this form,
   * or a refusal that named no field, show as an alert with `message`.
   */
  showErrors(errors: FieldErrors, message?: string): void;
  /** Marks exactly the fields in `errors`, leaving focus where it is (a re-check while typing). */
  markErrors(errors: FieldErrors): void;
  clearErrors(): void;
  /** An alert over the fields, announced when it appears. */
  showProblem(text: string, kind?: 'danger' | 'warning' | 'info'): void;
  clearProblem(): void;
  /** Runs `task` with the submit button busy, so a double click sends nothing twice. */
  busy(task: () => Promise<void>): Promise<void>;
}

/**
 * A form's submit, the same for every form: the console's own checks first (marks under the
 * fields, nothing sent), then `send` with the button busy. A failure `handle` does not take shows
 * under the fields when the server named fields, else as an alert.
 */
export async function submitForm(
  form: FormPort,
  check: () => FieldErrors,
  send: () => Promise<void>,
  handle: (error: unknown) => boolean = () => false,
): Promise<void> {
  form.clearProblem();
  const errors = check();
  if (Object.keys(errors).length > 0) {
    form.showErrors(errors);
    return;
  }
  form.clearErrors();
  await form.busy(async () => {
    try {
      await send();
    } catch (error) {
      if (handle(error)) return;
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
        form.showErrors(error.fieldErrors, error.message);
      } else {
        form.showProblem(describeError(error));
      }
    }
  });
}

export const noErrors = (): FieldErrors => ({});
