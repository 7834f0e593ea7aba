import { describe, expect, it } from 'vitest';
import { Latest } from '../../src/screens/latest.ts';
import { later } from './fake-context.ts';

describe('only the latest request counts', () => {
  it('drops the answer of a run that a later run replaced, even one that ignores its signal', async () => {
    const latest = new Latest();
    const first = later<string>();
    const firstRun = latest.run(() => first.promise);
    const secondRun = latest.run(() => Promise.resolve('second'));
    first.resolve('first');
    expect(await firstRun).toBeNull();
    expect(await secondRun).toEqual({ value: 'second' });
  });

  it('drops what is still out on leaving, and passes on a real failure', async () => {
    const latest = new Latest();
    const out = later<string>();
    const run = latest.run(() => out.promise);
    latest.abort();
    out.resolve('too late');
    expect(await run).toBeNull();
    await expect(latest.run(() => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
  });
});
