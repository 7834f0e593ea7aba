import type { ScreenFactory } from '../../context.ts';
import { UserActionsController } from '../user-actions/controller.ts';
import { userDialogs } from '../user-actions/view.ts';
import { UsersController } from './controller.ts';
import { UsersPage } from './view.ts';

export const usersScreen: ScreenFactory = (ctx, _params, query) => {
  const view = new UsersPage(ctx.settings);
  const controller = new UsersController(ctx, view, new UserActionsController(ctx, userDialogs(ctx)), query);
  void controller.start();
  return {
    element: view.element,
    update: (next) => void controller.update(next),
    destroy: () => {
      controller.destroy();
      view.destroy();
    },
  };
};
