import type { ScreenFactory } from '../../context.ts';
import { GroupActionsController } from '../group-actions/controller.ts';
import { groupDialogs } from '../group-actions/view.ts';
import { GroupsController } from './controller.ts';
import { GroupsPage } from './view.ts';

export const groupsScreen: ScreenFactory = (ctx, _params, query) => {
  const view = new GroupsPage(ctx.settings.max_per_page);
  const controller = new GroupsController(
    ctx,
    view,
    new GroupActionsController(ctx, groupDialogs(ctx)),
    query,
  );
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
