import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Borough } from '../boroughs/borough.entity';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { CategoriesRepository } from '../categories/categories.repository';

/** What subscriptions ask of the reference data: the borough a GSS code names, which codes exist. */
@Injectable()
export class SubscriptionReferences {
  constructor(
    private readonly boroughs: BoroughsRepository,
    private readonly categories: CategoriesRepository,
  ) {}

  /** The borough with `gssCode` (none asked: null), and those of `categoryCodes` that exist. */
  async known(
    em: EntityManager,
    gssCode: string | null,
    categoryCodes: readonly string[],
  ): Promise<{ borough: Borough | null; categoryCodes: Set<string> }> {
    const borough = gssCode === null ? null : await this.boroughs.findByGss(em, gssCode);
    const categories = await this.categories.byCodes(em, categoryCodes);
    return { borough, categoryCodes: new Set(categories.map((c) => c.code)) };
  }
}
