import { ApiError, type FieldErrors } from '../api.ts';
import { describeError } from '../format.ts';
import type { FormPort } from '../widgets/form-panel.ts';

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
