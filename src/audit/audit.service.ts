import { Injectable } from '@nestjs/common';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { DomainError, FieldErrors } from '../common/domain-error';
import { Database } from '../database/database';
import { AuditEvent } from './audit-event.entity';
import { AuditRepository } from './audit.repository';
import { AuditFilter } from './dto/audit-filter.input';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** The audit trail as admins read it (DESIGN §6). */
@Injectable()
export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly events: AuditRepository,
    private readonly boroughs: BoroughsRepository,
  ) {}

  find(filter: AuditFilter = {}, limit = DEFAULT_LIMIT, offset = 0): Promise<AuditEvent[]> {
    const errors = new FieldErrors();
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT)
      errors.add('limit', `must be a whole number from 0 to ${MAX_LIMIT}`);
    if (!Number.isInteger(offset) || offset < 0) errors.add('offset', 'must be 0 or more');
    errors.throwIfAny();
    return this.db.read(async (em) => {
      let boroughId: string | undefined;
      if (filter.gssCode) {
        const borough = await this.boroughs.findByGss(em, filter.gssCode);
        if (!borough) {
          throw DomainError.badInput([
            {
              path: 'filter.gssCode',
              message: `is not a known borough GSS code ("${filter.gssCode}")`,
            },
          ]);
        }
        boroughId = borough.id;
      }
      return this.events.find(em, { ...filter, boroughId, limit, offset });
    });
  }
}
