import type { ScreenFactory } from '../../context.ts';
import { UserActionsController } from '../user-actions/controller.ts';
import { userDialogs } from '../user-actions/view.ts';
import { BulkController } from './bulk-controller.ts';
import { BulkBar } from './bulk-view.ts';
import { UsersController } from './controller.ts';
import { UsersPage } from './view.ts';

export const usersScreen: ScreenFactory = (ctx, _params, query) => {
  const bar = new BulkBar();
  const view = new UsersPage(ctx.settings, bar.element);
  let reload = () => undefined as void;
  const bulk = new BulkController(ctx, bar, () => reload());
  const controller = new UsersController(
    ctx,
    view,
    new UserActionsController(ctx, userDialogs(ctx)),
    query,
    bulk.offered ? bulk : null,
  );
  reload = () => void controller.reload();
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
