import type { Db } from '../dialect.js';
import { changeGeneration } from './handles.js';

/**
 * `lookUp` with its answers kept, by key, while the database is unchanged: where the database
 * can tell cheaply that nothing changed since (SQLite: changeGeneration), the answer of the
 * last lookup is given again. Any change, by this process or another, drops them all, so the
 * next call after a write sees it. At most `limit` answers are kept per handle.
 *
 * Every caller gets the same object, so an answer must be frozen (or a primitive, or
 * undefined): one caller changing it would change what the next is told. Checked on every
 * lookup, kept or not, so a test on either database finds an answer that is not.
 */
export function keptWhileUnchanged<K, V>(
  lookUp: (db: Db, key: K) => Promise<V>,
  limit: number,
): (db: Db, key: K) => Promise<V> {
  const kept = new WeakMap<Db, { generation: number; byKey: Map<K, V> }>();
  return async (db, key) => {
    const generation = changeGeneration(db);
    if (generation === null) return shareable(await lookUp(db, key));
    let current = kept.get(db);
    if (current?.generation !== generation) kept.set(db, (current = { generation, byKey: new Map() }));
    if (current.byKey.has(key)) return current.byKey.get(key)!;
    const answer = shareable(await lookUp(db, key));
    if (current.byKey.size >= limit) current.byKey.clear();
    current.byKey.set(key, answer);
    return answer;
  };
}

function shareable<V>(answer: V): V {
  if (typeof answer === 'object' && answer !== null && !Object.isFrozen(answer)) {
    throw new Error('keptWhileUnchanged: an answer given to every caller must be frozen');
  }
  return answer;
}
