import {
  Cluster,
  ClusterNames,
  ClusterOptions,
  ClusterRow,
  findClusters as findClustersWith,
} from '../../src/clusters/find-clusters';

/** A system with its names alongside: the register as the `systems` query shows it. */
export interface ClusterSystem extends ClusterRow {
  boroughName: string;
  categoryName: string;
  categoryLeadTimeMonths: number;
  supplierName: string;
  productName: string | null;
  /** The product's maker, shown after the product's name. */
  productMakerName: string | null;
  openToCollaboration: boolean;
}

/** Names taken from the systems themselves. */
export function namesOf(systems: readonly ClusterSystem[]): ClusterNames {
  const boroughs = new Map<string, string>();
  const categories = new Map<string, ClusterSystem>();
  const suppliers = new Map<string, string>();
  const products = new Map<string, string>();
  for (const s of systems) {
    boroughs.set(s.boroughId, s.boroughName);
    categories.set(s.categoryId, s);
    suppliers.set(s.supplierId, s.supplierName);
    if (s.productId) products.set(s.productId, `${s.productName} (${s.productMakerName})`);
  }
  return {
    boroughName: (id) => boroughs.get(id)!,
    categoryName: (id) => categories.get(id)!.categoryName,
    categoryLeadTimeMonths: (id) => categories.get(id)!.categoryLeadTimeMonths,
    supplierName: (id) => suppliers.get(id)!,
    productName: (id) => products.get(id)!,
  };
}

/** `findClusters` over systems that carry their names, as the tests write registers. */
export function findClusters(
  systems: readonly ClusterSystem[],
  options: ClusterOptions,
  asOf: string,
): Cluster<ClusterSystem>[] {
  return findClustersWith(systems, options, asOf, namesOf(systems));
}
