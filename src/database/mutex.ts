/**
 * A first-come first-served lock for async work. SQLite in Node has one connection, and TypeORM
 * runs every query of every request on it, so two requests' statements would interleave inside
 * one transaction (typeorm/typeorm#1884). Holding this around each unit of database work keeps
 * them apart.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Waits for the lock and holds it until the returned function is called. */
  async acquire(): Promise<() => void> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }
}
