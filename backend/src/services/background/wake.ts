import type { QueueName } from '../../db/work-queue.js';

// Work enqueued in this process wakes this process's workers once its transaction commits, so a
// mail goes out at once rather than at the next poll. Other processes find it when they poll.

type Listener = (queue: QueueName) => void;
const listeners = new Set<Listener>();

export function onWork(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function wake(queue: QueueName): void {
  for (const listener of listeners) listener(queue);
}
