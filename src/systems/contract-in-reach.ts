/**
 * A current entry with the names a person reads it by: enough to scope it by borough and
 * category, count down to its key date and describe it in an email.
 */
export interface ContractInReach {
  id: string;
  boroughId: string;
  categoryCode: string;
  name: string;
  contractEnd: string;
  noticePeriodDays: number | null;
  maxExtentDate: string | null;
  supplierName: string;
  productName: string | null;
}
