import { fill, type Child } from '../dom.ts';
import { errorState, loadingState } from './states.ts';

/**
 * Where a list screen shows its rows. It is marked `aria-busy` while a request is out; the first
 * load shows a spinner, later ones keep the old rows until the new ones arrive. Once something is
 * shown, `data-loaded` is set on the screen (the browser tests wait for it).
 */
export class Results {
  readonly element = document.createElement('div');

  constructor(
    private readonly screen: HTMLElement,
    private readonly loadingLabel: string,
  ) {
    this.element.setAttribute('aria-live', 'polite');
    this.element.setAttribute('aria-busy', 'false');
    this.element.dataset.results = '';
  }

  loading(): void {
    this.element.setAttribute('aria-busy', 'true');
    if (!this.element.firstChild) fill(this.element, loadingState(this.loadingLabel));
  }

  show(...content: Child[]): void {
    fill(this.element, ...content);
    this.element.setAttribute('aria-busy', 'false');
    this.screen.dataset.loaded = 'true';
  }

  failed(error: unknown, retry: () => void): void {
    fill(this.element, errorState(error, retry));
    this.element.setAttribute('aria-busy', 'false');
  }
}
