import type { ScreenFactory } from '../../context.ts';
import { ForgotPasswordController } from './controller.ts';
import { ForgotPasswordPage } from './view.ts';

export const forgotPasswordScreen: ScreenFactory = (ctx) => {
  const view = new ForgotPasswordPage();
  new ForgotPasswordController(ctx, view);
  return { element: view.element };
};
