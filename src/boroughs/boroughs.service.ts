import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { Borough } from './borough.entity';

@Injectable()
export class BoroughsService {
  constructor(private readonly db: Database) {}

  all(): Promise<Borough[]> {
    return this.db.read((em) => em.find(Borough, { order: { shortName: 'ASC' } }));
  }

  byGssCode(gssCode: string): Promise<Borough | null> {
    return this.db.read((em) => em.findOneBy(Borough, { gssCode }));
  }
}
