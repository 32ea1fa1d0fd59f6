/** What the members of a cluster have in common (DESIGN §4): the group key. */
export enum ClusterGrouping {
  CATEGORY = 'CATEGORY',
  SUPPLIER = 'SUPPLIER',
  PRODUCT = 'PRODUCT',
}
