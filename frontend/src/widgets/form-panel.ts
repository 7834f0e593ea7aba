import type { FieldErrors } from '../api.ts';
import { h, whileBusy } from '../dom.ts';
import { clearFieldErrors, formAlert, otherErrors, showFieldErrors } from './forms.ts';

/** What a controller may do to a form on screen; FormPanel is the DOM side of it. */
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

/** A form, the place for its alert and its submit button. */
export class FormPanel implements FormPort {
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
