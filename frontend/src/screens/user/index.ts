import type { ScreenFactory } from '../../context.ts';
import { UserActionsController } from '../user-actions/controller.ts';
import { userDialogs } from '../user-actions/view.ts';
import { UserController } from './controller.ts';
import { UserPage } from './view.ts';

export const userScreen: ScreenFactory = (ctx, params) => {
  const view = new UserPage(ctx.settings.roles, ctx.targetPath);
  const actions = new UserActionsController(ctx, userDialogs(ctx));
  const controller = new UserController(ctx, view, actions, Number(params.id));
  void controller.start();
  return { element: view.element, destroy: () => controller.destroy() };
};
