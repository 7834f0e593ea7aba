import type { FieldErrors } from '../api.ts';
import { h, whileBusy } from '../dom.ts';
import { clearFieldErrors, formAlert, otherErrors, showFieldErrors } from './forms.ts';

/**
 * A form, the place for its alert and its submit button: the DOM side of the FormPort the
 * controllers use (screens/submit.ts).
 */
export class FormPanel {
  readonly problem = h('div', { 'aria-live': 'polite' });

  constructor(
    readonly form: HTMLFormElement,
    readonly submit: HTMLButtonElement,
  ) {}

  showErrors(errors: FieldErrors, message?: string): void {
    showFieldErrors(this.form, errors)?.focus();
    const rest = otherErrors(this.form, errors);
    if (rest.length > 0 || (message && Object.keys(errors).length === 0)) {
      this.problem.replaceChildren(formAlert('danger', message ?? '', ...rest.map((r) => h('div', {}, r))));
    }
  }

  markErrors(errors: FieldErrors): void {
    showFieldErrors(this.form, errors);
  }

  clearErrors(): void {
    clearFieldErrors(this.form);
  }

  showProblem(text: string, kind: 'danger' | 'warning' | 'info' = 'danger'): void {
    this.problem.replaceChildren(formAlert(kind, text));
  }

  clearProblem(): void {
    this.problem.replaceChildren();
  }

  busy(task: () => Promise<void>): Promise<void> {
    return whileBusy(this.submit, task);
  }
}
