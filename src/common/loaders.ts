import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';

/**
 * The most keys one batch asks for. Each key is a bound parameter of one `IN (…)`: SQLite refuses
 * more than 32,766 in a statement and PostgreSQL more than 65,535, and a large answer (every
 * member of every cluster over five years) can ask for more ids than that in one tick.
 */
export const MAX_BATCH_KEYS = 1000;

/** A value already loaded, or the promise of one. */
export type Loaded<V> = V | Promise<V>;

/** Loads many keys in one go: a value, or undefined, per key and in the keys' order. */
export type BatchLoad<K, V> = (keys: readonly K[]) => Promise<readonly (V | undefined)[]>;

/**
 * Names one kind of batched lookup, typed by its key and value. The feature owning the table
 * declares it and registers how to load it; any resolver may then use it.
 */
export class LoaderKey<K, V> {
  declare private readonly types: [K, V];

  constructor(readonly name: string) {}
}

/**
 * The batch functions features register (e.g. "boroughs by id"). Per request it makes the
 * request's DataLoaders, so nested fields of a list (each system's supplier, each borough's
 * systems) are fetched in one statement per kind, whatever the size of the register.
 */
@Injectable()
export class LoaderRegistry {
  private readonly batches = new Map<LoaderKey<unknown, unknown>, BatchLoad<unknown, unknown>>();

  register<K, V>(key: LoaderKey<K, V>, batch: BatchLoad<K, V>): void {
    if (this.batches.has(key)) throw new Error(`Loader ${key.name} is registered twice`);
    this.batches.set(key, batch as BatchLoad<unknown, unknown>);
  }

  /** The loaders of one request: each made on first use. */
  forRequest(): Loaders {
    return new Loaders(this.batches);
  }
}

/**
 * One request's DataLoaders: what a request loads, it loads once. A value already loaded is
 * answered as it is, not as a promise: a list of 30,000 entries whose boroughs were loaded
 * beforehand (`preload`) then resolves without 30,000 promises, which graphql-js would await one
 * by one, each with its own allocations and microtask.
 */
export class Loaders {
  private readonly made = new Map<LoaderKey<unknown, unknown>, DataLoader<unknown, unknown>>();
  private readonly loaded = new Map<LoaderKey<unknown, unknown>, Map<unknown, unknown>>();

  constructor(
    private readonly batches: ReadonlyMap<LoaderKey<unknown, unknown>, BatchLoad<unknown, unknown>>,
  ) {}

  load<K, V>(key: LoaderKey<K, V>, id: K): Promise<V | undefined> {
    return this.loader(key).load(id);
  }

  /** Loads these keys (in batches) so that later loads of them are answered at once. */
  async preload<K, V>(key: LoaderKey<K, V>, ids: Iterable<K>): Promise<void> {
    const known = this.values(key);
    const missing = [...new Set(ids)].filter((id) => !known.has(id));
    if (missing.length) await this.loader(key).loadMany(missing);
  }

  /**
   * A row that a foreign key guarantees, at once if it was loaded already. Missing, the data is
   * corrupt, not the input: an internal error, never a null the schema does not allow.
   */
  loadOrFail<K, V>(key: LoaderKey<K, V>, id: K): Loaded<V> {
    const known = this.values(key).get(id);
    if (known !== undefined) return known;
    return this.loader(key)
      .load(id)
      .then((value) => value ?? missing(key, id));
  }

  loadManyOrFail<K, V>(key: LoaderKey<K, V>, ids: readonly K[]): Loaded<V[]> {
    const values = ids.map((id) => this.loadOrFail(key, id));
    return values.some((value) => value instanceof Promise) ? Promise.all(values) : (values as V[]);
  }

  private values<K, V>(key: LoaderKey<K, V>): Map<K, V> {
    let values = this.loaded.get(key) as Map<K, V> | undefined;
    if (!values) {
      values = new Map<K, V>();
      this.loaded.set(key, values);
    }
    return values;
  }

  private loader<K, V>(key: LoaderKey<K, V>): DataLoader<K, V | undefined> {
    let loader = this.made.get(key) as DataLoader<K, V | undefined> | undefined;
    if (!loader) {
      const batch = this.batches.get(key) as BatchLoad<K, V> | undefined;
      if (!batch) throw new Error(`No loader is registered for ${key.name}`);
      const values = this.values(key);
      loader = new DataLoader<K, V | undefined>(
        async (ids) => {
          const found = await batch(ids);
          ids.forEach((id, i) => {
            if (found[i] !== undefined) values.set(id, found[i]);
          });
          return found;
        },
        { maxBatchSize: MAX_BATCH_KEYS },
      );
      this.made.set(key, loader);
    }
    return loader;
  }
}

function missing(key: LoaderKey<unknown, unknown>, id: unknown): never {
  throw new Error(`Missing ${key.name} ${String(id)}`);
}

/** Rows in the order of the ids asked for, undefined where there is none. */
export function inOrder<T>(ids: readonly string[], rows: T[], id: (row: T) => string) {
  const byId = new Map(rows.map((row) => [id(row), row]));
  return ids.map((key) => byId.get(key));
}

/** Rows grouped under the ids asked for, an empty list where there are none. */
export function groupedBy<T>(ids: readonly string[], rows: T[], id: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(ids.map((key) => [key, []]));
  for (const row of rows) groups.get(id(row))?.push(row);
  return ids.map((key) => groups.get(key) ?? []);
}
