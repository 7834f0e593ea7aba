import type { ScreenFactory } from '../../context.ts';
import { DeletedController } from './controller.ts';
import { DeletedPage } from './view.ts';

export const deletedScreen: ScreenFactory = (ctx, _params, query) => {
  const view = new DeletedPage(ctx.settings);
  const controller = new DeletedController(ctx, view, query);
  void controller.start();
  return {
    element: view.element,
    update: (next) => void controller.update(next),
    destroy: () => controller.destroy(),
  };
};
