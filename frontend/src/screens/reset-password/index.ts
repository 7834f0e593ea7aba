import type { ScreenFactory } from '../../context.ts';
import { takeLinkToken } from '../shared/link-token.ts';
import { ResetPasswordController } from './controller.ts';
import { ResetPasswordPage } from './view.ts';

export const resetPasswordScreen: ScreenFactory = (ctx) => {
  const view = new ResetPasswordPage(ctx.settings.password_policy);
  new ResetPasswordController(ctx, view, takeLinkToken());
  return { element: view.element };
};
