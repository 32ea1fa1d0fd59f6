/** Where a system runs (DESIGN §2). */
export enum Hosting {
  ON_PREMISES = 'ON_PREMISES',
  SUPPLIER_HOSTED = 'SUPPLIER_HOSTED',
  PUBLIC_CLOUD = 'PUBLIC_CLOUD',
  HYBRID = 'HYBRID',
  UNKNOWN = 'UNKNOWN',
}
