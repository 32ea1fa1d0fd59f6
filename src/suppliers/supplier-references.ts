import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A feature whose rows point at suppliers or products, and moves them when two are merged. */
export interface SupplierReferrer {
  moveSupplier(em: EntityManager, fromId: string, intoId: string): Promise<void>;
  moveProduct(em: EntityManager, fromId: string, intoId: string): Promise<void>;
}

/**
 * Features that point at suppliers register here, so a merge moves their rows without the
 * suppliers feature knowing their tables.
 */
@Injectable()
export class SupplierReferences {
  private readonly referrers: SupplierReferrer[] = [];

  register(referrer: SupplierReferrer): void {
    this.referrers.push(referrer);
  }

  async moveSupplier(em: EntityManager, fromId: string, intoId: string): Promise<void> {
    for (const referrer of this.referrers) await referrer.moveSupplier(em, fromId, intoId);
  }

  async moveProduct(em: EntityManager, fromId: string, intoId: string): Promise<void> {
    for (const referrer of this.referrers) await referrer.moveProduct(em, fromId, intoId);
  }
}
