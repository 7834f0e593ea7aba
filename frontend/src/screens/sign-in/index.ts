import type { ScreenFactory } from '../../context.ts';
import { SignInController } from './controller.ts';
import { SignInPage } from './view.ts';

export const signInScreen: ScreenFactory = (ctx, _params, query) => {
  const view = new SignInPage(query.get('ended') === '1', ctx.settings.mail.enabled);
  const controller = new SignInController(ctx, view, query);
  return { element: view.element, destroy: () => controller.destroy() };
};
