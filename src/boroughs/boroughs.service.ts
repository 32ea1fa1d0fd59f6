import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { Borough } from './borough.entity';
import { BoroughsRepository } from './boroughs.repository';
import { isStale, staleBefore } from './freshness';

@Injectable()
export class BoroughsService {
  constructor(
    private readonly db: Database,
    private readonly boroughs: BoroughsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Is the borough's list stale now (DESIGN §11): see `isStale`, with STALE_AFTER_DAYS. */
  isStale(borough: Pick<Borough, 'lastConfirmedAt'>): boolean {
    return isStale(borough.lastConfirmedAt, this.clock.today(), this.staleAfterDays);
  }

  /** After how many days without a change or confirmation a list is stale. */
  get staleAfterDays(): number {
    return this.config.STALE_AFTER_DAYS;
  }

  /** The instant before which a list last changed or confirmed is stale now. */
  staleBefore(): Date {
    return staleBefore(this.clock.today(), this.staleAfterDays);
  }

  all(): Promise<Borough[]> {
    return this.db.read((em) => this.boroughs.all(em));
  }

  byGssCode(gssCode: string): Promise<Borough | null> {
    return this.db.read((em) => this.boroughs.findByGss(em, gssCode));
  }
}
