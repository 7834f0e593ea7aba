import type { ScreenFactory } from '../../context.ts';
import { OverviewController } from './controller.ts';
import { OverviewPage } from './view.ts';

export const overviewScreen: ScreenFactory = (ctx) => {
  const view = new OverviewPage();
  const controller = new OverviewController(ctx, view);
  void controller.start();
  return { element: view.element, destroy: () => controller.destroy() };
};
