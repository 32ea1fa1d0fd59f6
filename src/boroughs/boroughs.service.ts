import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { Borough } from './borough.entity';
import { BoroughsRepository } from './boroughs.repository';

@Injectable()
export class BoroughsService {
  constructor(
    private readonly db: Database,
    private readonly boroughs: BoroughsRepository,
  ) {}

  all(): Promise<Borough[]> {
    return this.db.read((em) => this.boroughs.all(em));
  }

  byGssCode(gssCode: string): Promise<Borough | null> {
    return this.db.read((em) => this.boroughs.findByGss(em, gssCode));
  }
}
