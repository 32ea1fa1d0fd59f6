import { LoaderKey, LoaderRegistry, MAX_BATCH_KEYS } from './loaders';

describe(LoaderRegistry.name, () => {
  const NUMBER = new LoaderKey<number, string>('number');

  it('asks for at most MAX_BATCH_KEYS keys a batch, however many are loaded at once', async () => {
    const registry = new LoaderRegistry();
    const batches: number[] = [];
    registry.register(NUMBER, async (keys) => {
      batches.push(keys.length);
      return keys.map((k) => `n${k}`);
    });
    const loaders = registry.forRequest();
    const ids = Array.from({ length: 2 * MAX_BATCH_KEYS + 5 }, (_, i) => i);
    const values = await loaders.loadManyOrFail(NUMBER, ids);
    expect(values).toEqual(ids.map((i) => `n${i}`));
    expect(batches).toEqual([MAX_BATCH_KEYS, MAX_BATCH_KEYS, 5]);
  });

  it('loads each key of a request once', async () => {
    const registry = new LoaderRegistry();
    const asked: number[][] = [];
    registry.register(NUMBER, async (keys) => {
      asked.push([...keys]);
      return keys.map((k) => `n${k}`);
    });
    const loaders = registry.forRequest();
    await Promise.all([loaders.load(NUMBER, 1), loaders.load(NUMBER, 1), loaders.load(NUMBER, 2)]);
    await loaders.load(NUMBER, 2);
    expect(asked).toEqual([[1, 2]]);
  });

  it('answers a key already loaded at once, and one not yet loaded as a promise', async () => {
    const registry = new LoaderRegistry();
    const asked: number[][] = [];
    registry.register(NUMBER, async (keys) => {
      asked.push([...keys]);
      return keys.map((k) => (k === 13 ? undefined : `n${k}`));
    });
    const loaders = registry.forRequest();
    const first = loaders.loadOrFail(NUMBER, 1);
    expect(first).toBeInstanceOf(Promise);
    await expect(first).resolves.toBe('n1');
    await loaders.preload(NUMBER, [1, 2, 3, 2]);
    expect(asked).toEqual([[1], [2, 3]]);
    expect(loaders.loadOrFail(NUMBER, 2)).toBe('n2');
    expect(loaders.loadManyOrFail(NUMBER, [3, 1])).toEqual(['n3', 'n1']);
    await expect(loaders.loadManyOrFail(NUMBER, [1, 4])).resolves.toEqual(['n1', 'n4']);
  });

  it('fails a key the batch has no row for, even after preloading it', async () => {
    const registry = new LoaderRegistry();
    registry.register(NUMBER, async (keys) => keys.map((k) => (k === 13 ? undefined : `n${k}`)));
    const loaders = registry.forRequest();
    await loaders.preload(NUMBER, [13]);
    await expect(loaders.loadOrFail(NUMBER, 13)).rejects.toThrow('Missing number 13');
  });
});
