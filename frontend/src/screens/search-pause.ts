/** How long typing must pause before a search box's list follows it. */
export const SEARCH_PAUSE_MS = 300;

/**
 * A search box's typing, turned into searches: one after each pause in typing, not one per key.
 * `search` is told whether this search continues the one before (the same stretch of typing, so
 * a list replaces its history entry rather than adding one per pause) until `left()` says the
 * box lost focus.
 */
export class SearchPause {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private continuing = false;

  constructor(private readonly search: (text: string, continuing: boolean) => void) {}

  typed(text: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.search(text, this.continuing);
      this.continuing = true;
    }, SEARCH_PAUSE_MS);
  }

  left(): void {
    this.continuing = false;
  }

  cancel(): void {
    clearTimeout(this.timer);
  }
}
