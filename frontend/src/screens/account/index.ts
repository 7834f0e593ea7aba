import type { ScreenFactory } from '../../context.ts';
import { AccountController } from './controller.ts';
import { AccountPage } from './view.ts';

export const accountScreen: ScreenFactory = (ctx) => {
  const view = new AccountPage(ctx.session.user, ctx.settings);
  const controller = new AccountController(ctx, view);
  void controller.start();
  return { element: view.element, destroy: () => controller.destroy() };
};
