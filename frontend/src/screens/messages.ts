import type { ScreenFactory } from '../context.ts';
import { h } from '../dom.ts';
import { HOME } from '../paths.ts';
import { pageHeading } from '../widgets/states.ts';

/** A page that only says something: there is nothing to control. */
function messageScreen(title: string, text: string): { screen: ScreenFactory; title: string } {
  return {
    title,
    screen: () => ({
      element: h(
        'section',
        {},
        pageHeading(title),
        h('p', {}, text),
        h('a', { class: 'btn btn-primary', href: HOME }, 'Go to the users'),
      ),
    }),
  };
}

export const NOT_FOUND = messageScreen('Page not found', 'There is no page at this address in the console.');
export const FORBIDDEN = messageScreen('Not allowed', 'Your role does not allow you to see this page.');
