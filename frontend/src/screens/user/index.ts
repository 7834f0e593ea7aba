import type { ScreenFactory } from '../../context.ts';
import { PersonalDataController } from '../personal-data/controller.ts';
import { personalDataPort } from '../personal-data/view.ts';
import { UserActionsController } from '../user-actions/controller.ts';
import { userDialogs } from '../user-actions/view.ts';
import { UserController } from './controller.ts';
import { UserPage } from './view.ts';

export const userScreen: ScreenFactory = (ctx, params) => {
  const view = new UserPage(ctx.settings.roles, ctx.targetPath);
  const actions = new UserActionsController(ctx, userDialogs(ctx));
  const personal = new PersonalDataController(ctx, personalDataPort());
  const controller = new UserController(ctx, view, actions, Number(params.id), personal);
  void controller.start();
  return { element: view.element, destroy: () => controller.destroy() };
};
