import type { ScreenFactory } from '../../context.ts';
import { OutboxController } from './controller.ts';
import { OutboxPage } from './view.ts';

export const outboxScreen: ScreenFactory = (ctx) => {
  const view = new OutboxPage();
  void new OutboxController(ctx, view).load();
  return { element: view.element };
};
