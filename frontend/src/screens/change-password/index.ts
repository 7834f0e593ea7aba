import type { ScreenFactory } from '../../context.ts';
import { ChangePasswordController } from './controller.ts';
import { ChangePasswordPage } from './view.ts';

export const changePasswordScreen: ScreenFactory = (ctx, _params, query) => {
  const view = new ChangePasswordPage(ctx.settings.password_policy);
  new ChangePasswordController(ctx, view, query);
  return { element: view.element };
};
