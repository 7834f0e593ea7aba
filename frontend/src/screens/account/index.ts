import type { ScreenFactory } from '../../context.ts';
import { PersonalDataController } from '../personal-data/controller.ts';
import { personalDataPort } from '../personal-data/view.ts';
import { AccountController } from './controller.ts';
import { AccountPage } from './view.ts';

export const accountScreen: ScreenFactory = (ctx) => {
  const view = new AccountPage(ctx.session.user, ctx.settings);
  const controller = new AccountController(ctx, view, new PersonalDataController(ctx, personalDataPort()));
  void controller.start();
  return { element: view.element, destroy: () => controller.destroy() };
};
