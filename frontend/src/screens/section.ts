import { isAbort } from '../api.ts';

/** A part of a page that loads on its own, so its failure leaves the rest on screen. */
export type Section<T> = { loading: true } | { error: unknown } | { value: T };

/** Shows `loading`, then the value or the error; nothing once `signal` says the page moved on. */
export async function loadSection<T>(
  signal: AbortSignal,
  show: (state: Section<T>) => void,
  load: () => Promise<T>,
): Promise<void> {
  show({ loading: true });
  try {
    const value = await load();
    if (!signal.aborted) show({ value });
  } catch (error) {
    if (!isAbort(error) && !signal.aborted) show({ error });
  }
}
