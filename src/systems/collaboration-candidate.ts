import type { RenewalDecision } from './renewal-decision';

/**
 * What a current entry offers to joint procurement: ids, dates and figures, no names. Cluster
 * computations read a large register as rows of this shape, straight from the database.
 */
export interface CollaborationCandidate {
  id: string;
  boroughId: string;
  rank: number;
  categoryId: string;
  supplierId: string;
  productId: string | null;
  contractEnd: string;
  maxExtentDate: string | null;
  /** SQLite answers 1 or 0. */
  openToCollaboration: boolean | number;
  annualValueGbp: number | null;
  renewalDecision: RenewalDecision;
}
