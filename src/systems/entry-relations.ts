import { BOROUGH } from '../boroughs/boroughs.repository';
import { CATEGORY } from '../categories/categories.repository';
import type { Loaders } from '../common/loaders';
import { PRODUCT, SUPPLIER } from '../suppliers/suppliers.repository';
import type { ItSystem } from './it-system.entity';

/**
 * Loads, for many entries at once, the relations that `fields` (GraphQL fields of `ItSystem`) ask
 * for, so that each entry's borough, category, supplier and product then resolve at once rather
 * than as one promise each: a cluster answer at national scale has 30,000 members.
 */
export async function preloadRelations(
  loaders: Loaders,
  entries: readonly ItSystem[],
  fields: ReadonlySet<string>,
): Promise<void> {
  const ids = (of: (entry: ItSystem) => string | null) =>
    entries.map(of).filter((id): id is string => id !== null);
  await Promise.all([
    fields.has('borough') &&
      loaders.preload(
        BOROUGH,
        ids((e) => e.boroughId),
      ),
    fields.has('category') &&
      loaders.preload(
        CATEGORY,
        ids((e) => e.categoryId),
      ),
    fields.has('supplier') &&
      loaders.preload(
        SUPPLIER,
        ids((e) => e.supplierId),
      ),
    fields.has('product') &&
      loaders.preload(
        PRODUCT,
        ids((e) => e.productId),
      ),
  ]);
}
