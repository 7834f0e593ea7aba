import { isAbort } from '../api.ts';
import { fill } from '../dom.ts';
import { errorState, loadingState } from './states.ts';

export interface ListLoaderOptions<T> {
  /** Where the list goes; it is marked `aria-busy` while a request is out. */
  results: HTMLElement;
  /** The screen; `data-loaded` is set on it once something is shown (tests wait for it). */
  screen: HTMLElement;
  loadingLabel: string;
  fetch: (signal: AbortSignal) => Promise<T>;
  /** Shows what came back; returning false means it asked for another page instead. */
  render: (value: T) => boolean | void;
}

/**
 * Loads a list screen's data. Only the latest request counts: a new one cancels the one before,
 * so a slow answer for an old search never replaces the answer for the new one. The first load
 * shows a spinner; later ones keep the old rows (dimmed) until the new ones arrive.
 */
export function listLoader<T>(options: ListLoaderOptions<T>): {
  load: () => Promise<void>;
  abort: () => void;
} {
  const { results, screen } = options;
  let inFlight: AbortController | null = null;

  async function load(): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    results.setAttribute('aria-busy', 'true');
    if (!results.firstChild) fill(results, loadingState(options.loadingLabel));
    try {
      const value = await options.fetch(controller.signal);
      if (controller.signal.aborted) return;
      if (options.render(value) === false) return;
      screen.dataset.loaded = 'true';
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) return;
      fill(
        results,
        errorState(error, () => void load()),
      );
    } finally {
      if (inFlight === controller) results.setAttribute('aria-busy', 'false');
    }
  }

  return { load, abort: () => inFlight?.abort() };
}
