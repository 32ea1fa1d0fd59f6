import { Injectable } from '@nestjs/common';
import { unknownGssCode } from '../boroughs/borough-codes';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { DomainError, FieldErrors } from '../common/domain-error';
import { checkInput } from '../common/validation';
import { Database } from '../database/database';
import { AuditEvent } from './audit-event.entity';
import { AuditRepository } from './audit.repository';
import { AuditArgs, DEFAULT_LIMIT } from './dto/audit.args';

/** The audit trail as admins read it (DESIGN §6). */
@Injectable()
export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly events: AuditRepository,
    private readonly boroughs: BoroughsRepository,
  ) {}

  find(args: AuditArgs): Promise<AuditEvent[]> {
    const errors = new FieldErrors();
    const { filter, limit, offset } = checkInput(AuditArgs, args, '', errors);
    errors.throwIfAny();
    return this.db.read(async (em) => {
      let boroughId: string | undefined;
      if (filter?.gssCode) {
        const borough = await this.boroughs.findByGss(em, filter.gssCode);
        if (!borough) {
          throw DomainError.badInput([
            {
              path: 'filter.gssCode',
              message: unknownGssCode(filter.gssCode),
            },
          ]);
        }
        boroughId = borough.id;
      }
      return this.events.find(em, {
        ...filter,
        boroughId,
        limit: limit ?? DEFAULT_LIMIT,
        offset: offset ?? 0,
      });
    });
  }
}
