import type { ScreenFactory } from '../../context.ts';
import { takeLinkToken } from '../shared/link-token.ts';
import { VerifyEmailController } from './controller.ts';
import { VerifyEmailPage } from './view.ts';

export const verifyEmailScreen: ScreenFactory = (ctx) => {
  const view = new VerifyEmailPage();
  new VerifyEmailController(ctx, view, takeLinkToken());
  return { element: view.element };
};
