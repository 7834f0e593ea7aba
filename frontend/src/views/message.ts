import type { ViewFactory } from '../context.ts';
import { h } from '../dom.ts';
import { pageHeading } from '../widgets/states.ts';

function messageView(title: string, text: string): ViewFactory {
  return () => ({
    title,
    element: h(
      'section',
      {},
      pageHeading(title),
      h('p', {}, text),
      h('a', { class: 'btn btn-primary', href: '/console/users' }, 'Go to the users'),
    ),
  });
}

export const notFoundView = messageView('Page not found', 'There is no page at this address in the console.');
export const forbiddenView = messageView('Not allowed', 'Your role does not allow you to see this page.');
