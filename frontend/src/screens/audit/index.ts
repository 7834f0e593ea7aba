import type { ScreenFactory } from '../../context.ts';
import { AuditController } from './controller.ts';
import { AuditPage } from './view.ts';

export const auditScreen: ScreenFactory = (ctx, _params, query) => {
  const view = new AuditPage(ctx.targetPath, ctx.settings.max_per_page);
  const controller = new AuditController(ctx, view, query);
  void controller.start();
  return {
    element: view.element,
    update: (next) => void controller.update(next),
    destroy: () => controller.destroy(),
  };
};
