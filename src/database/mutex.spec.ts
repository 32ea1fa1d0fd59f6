import { Mutex } from './mutex';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe(Mutex.name, () => {
  it('runs work one at a time in arrival order', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    const job = (name: string) =>
      mutex.run(async () => {
        events.push(`${name} start`);
        await tick();
        await tick();
        events.push(`${name} end`);
        return name;
      });
    const results = await Promise.all([job('a'), job('b'), job('c')]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('releases the lock when work fails', async () => {
    const mutex = new Mutex();
    await expect(mutex.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run(async () => 'next')).resolves.toBe('next');
  });
});
