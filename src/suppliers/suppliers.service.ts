import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { audit } from '../audit/audit-log';
import { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AdvisoryLock, Database } from '../database/database';
import { ItSystem } from '../systems/it-system.entity';
import { normaliseSupplierName } from './normalise-name';
import { Product } from './product.entity';
import { Supplier, SupplierAlias } from './supplier.entity';

/** Escapes LIKE wildcards so a search for "50%" means those characters. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class SuppliersService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Suppliers by name, folded as names are when resolving ("civica ltd" finds Civica UK Ltd). */
  search(search?: string | null): Promise<Supplier[]> {
    return this.db.read((em) => {
      const query = em
        .createQueryBuilder(Supplier, 's')
        .orderBy('s.name', 'ASC')
        .addOrderBy('s.id', 'ASC');
      const term = search ? normaliseSupplierName(search) : '';
      if (term) {
        const pattern = `%${likeEscape(term)}%`;
        query.where(
          new Brackets((w) =>
            w
              .where("s.normalised_name LIKE :pattern ESCAPE '\\'", { pattern })
              .orWhere('s.companies_house_number = :number', {
                number: search!.trim().toUpperCase(),
              })
              .orWhere(
                `EXISTS (SELECT 1 FROM supplier_alias a WHERE a.supplier_id = s.id AND a.normalised_name LIKE :pattern ESCAPE '\\')`,
              ),
          ),
        );
      }
      return query.getMany();
    });
  }

  /**
   * Folds one supplier into another (DESIGN §3): its systems and products move, and its names
   * become aliases of the survivor so later submissions under them resolve there.
   */
  merge(principal: Principal, fromId: string, intoId: string): Promise<Supplier> {
    if (fromId === intoId) {
      throw DomainError.badInput([{ path: 'intoId', message: 'must differ from fromId' }]);
    }
    return this.db.transaction(async (em) => {
      // Waits for submissions in flight, which may be pointing new entries at `from`.
      await this.db.lockUntilCommit(em, AdvisoryLock.SUPPLIER_SET, 'exclusive');
      const from = await em.findOneBy(Supplier, { id: fromId });
      const into = await em.findOneBy(Supplier, { id: intoId });
      if (!from) throw DomainError.notFound(`No supplier has id ${fromId}`);
      if (!into) throw DomainError.notFound(`No supplier has id ${intoId}`);
      if (
        from.companiesHouseNumber &&
        into.companiesHouseNumber &&
        from.companiesHouseNumber !== into.companiesHouseNumber
      ) {
        throw DomainError.badInput([
          {
            path: 'fromId',
            message: `is Companies House number ${from.companiesHouseNumber} and intoId is ${into.companiesHouseNumber}: different companies cannot be merged`,
          },
        ]);
      }

      for (const product of await em.findBy(Product, { supplierId: from.id })) {
        const twin = await em.findOneBy(Product, {
          supplierId: into.id,
          normalisedName: product.normalisedName,
        });
        if (twin) {
          await em.update(ItSystem, { productId: product.id }, { productId: twin.id });
          await em.delete(Product, { id: product.id });
        } else {
          await em.update(Product, { id: product.id }, { supplierId: into.id });
        }
      }
      await em.update(ItSystem, { supplierId: from.id }, { supplierId: into.id });
      await em.update(SupplierAlias, { supplierId: from.id }, { supplierId: into.id });
      await em.delete(Supplier, { id: from.id });
      await em.insert(SupplierAlias, {
        id: randomUUID(),
        supplierId: into.id,
        name: from.name,
        normalisedName: from.normalisedName,
      });
      if (!into.companiesHouseNumber && from.companiesHouseNumber) {
        into.companiesHouseNumber = from.companiesHouseNumber;
        await em.update(
          Supplier,
          { id: into.id },
          { companiesHouseNumber: into.companiesHouseNumber },
        );
      }
      await audit(em, principal, this.clock.now(), {
        action: 'supplier.merge',
        targetId: into.id,
        before: {
          from: { id: from.id, name: from.name, companiesHouseNumber: from.companiesHouseNumber },
          into: { id: into.id, name: into.name },
        },
        after: {
          into: { id: into.id, name: into.name, companiesHouseNumber: into.companiesHouseNumber },
          alias: from.name,
        },
      });
      return into;
    });
  }
}
