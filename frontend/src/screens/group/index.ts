import type { ScreenFactory } from '../../context.ts';
import { GroupActionsController } from '../group-actions/controller.ts';
import { groupDialogs } from '../group-actions/view.ts';
import { GroupController } from './controller.ts';
import { GroupPage, memberDialogs } from './view.ts';

export const groupScreen: ScreenFactory = (ctx, params, query) => {
  const view = new GroupPage(ctx.settings.roles, ctx.targetPath, ctx.settings.max_per_page);
  const actions = new GroupActionsController(ctx, groupDialogs(ctx));
  const controller = new GroupController(ctx, view, actions, memberDialogs(ctx), Number(params.id), query);
  void controller.start();
  return {
    element: view.element,
    update: (next) => void controller.update(next),
    destroy: () => controller.destroy(),
  };
};
