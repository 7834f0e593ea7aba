import type { ScreenFactory } from '../../context.ts';
import { DormantController } from './controller.ts';
import { DormantPage } from './view.ts';

export const dormantScreen: ScreenFactory = (ctx, _params, query) => {
  const view = new DormantPage(ctx.settings);
  const controller = new DormantController(ctx, view, query);
  void controller.start();
  return {
    element: view.element,
    update: (next) => void controller.update(next),
    destroy: () => controller.destroy(),
  };
};
