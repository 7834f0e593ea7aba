import type { ScreenFactory } from '../../context.ts';
import { ImportController } from './controller.ts';
import { ImportPage } from './view.ts';

export const importScreen: ScreenFactory = (ctx) => {
  const view = new ImportPage();
  const controller = new ImportController(ctx, view);
  return { element: view.element, destroy: () => controller.destroy() };
};
