import type { ScreenFactory } from '../../context.ts';
import { takeLinkToken } from '../shared/link-token.ts';
import { AcceptInvitationController } from './controller.ts';
import { AcceptInvitationPage } from './view.ts';

export const acceptInvitationScreen: ScreenFactory = (ctx) => {
  const view = new AcceptInvitationPage(ctx.settings.password_policy);
  void new AcceptInvitationController(ctx, view, takeLinkToken()).load();
  return { element: view.element };
};
