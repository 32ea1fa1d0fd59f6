import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { audit } from '../audit/audit.repository';
import { Clock } from '../common/clock';
import { DomainError, FieldErrors } from '../common/domain-error';
import { checkInput } from '../common/validation';
import { Database } from '../database/database';
import { MergeSuppliersArgs } from './dto/merge-suppliers.args';
import { SuppliersArgs } from './dto/suppliers.args';
import { normaliseCompaniesHouseNumber, normaliseSupplierName } from './normalise-name';
import { SupplierMatcher } from './supplier-matcher';
import { SupplierReferences } from './supplier-references';
import { Product } from './product.entity';
import { Supplier } from './supplier.entity';
import { SuppliersRepository } from './suppliers.repository';

@Injectable()
export class SuppliersService {
  constructor(
    private readonly db: Database,
    private readonly suppliers: SuppliersRepository,
    private readonly references: SupplierReferences,
    private readonly clock: Clock,
  ) {}

  /** Suppliers by name, folded as names are when matching ("civica ltd" finds Civica UK Ltd). */
  search(search?: string | null): Promise<Supplier[]> {
    const errors = new FieldErrors();
    checkInput(SuppliersArgs, { search }, '', errors);
    errors.throwIfAny();
    const term = search ? normaliseSupplierName(search) : '';
    return this.db.read((em) =>
      this.suppliers.search(em, term, search ? normaliseCompaniesHouseNumber(search) : ''),
    );
  }

  /** The supplier with this id, or null. */
  async byId(id: string): Promise<Supplier | null> {
    const [found] = await this.db.read((em) => this.suppliers.byIds(em, [id]));
    return found ?? null;
  }

  /** The product with this id and its maker, or null. */
  async productById(id: string): Promise<{ product: Product; maker: Supplier } | null> {
    return this.db.read(async (em) => {
      const [product] = await this.suppliers.productsByIds(em, [id]);
      if (!product) return null;
      const [maker] = await this.suppliers.byIds(em, [product.supplierId]);
      return { product, maker };
    });
  }

  /** No supplier can be merged away until this transaction ends: a list is pointing at them. */
  keepSuppliers(em: EntityManager): Promise<void> {
    return this.suppliers.holdSupplierSet(em, 'shared');
  }

  /** Matches a list change's supplier and product names, inside its transaction. */
  async matcher(em: EntityManager): Promise<SupplierMatcher> {
    await this.keepSuppliers(em);
    return new SupplierMatcher(em, this.suppliers);
  }

  /**
   * Folds one supplier into another (DESIGN §3): its systems and products move, and its names
   * become aliases of the survivor so later submissions under them resolve there.
   */
  merge(principal: Principal, fromId: string, intoId: string): Promise<Supplier> {
    const errors = new FieldErrors();
    checkInput(MergeSuppliersArgs, { fromId, intoId }, '', errors);
    errors.throwIfAny();
    return this.db.transaction(async (em) => {
      // Waits for list changes in flight, which may be pointing new entries at `from`.
      await this.suppliers.holdSupplierSet(em, 'exclusive');
      const from = await this.suppliers.findById(em, fromId);
      const into = await this.suppliers.findById(em, intoId);
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
      const before = {
        from: { id: from.id, name: from.name, companiesHouseNumber: from.companiesHouseNumber },
        into: { id: into.id, name: into.name },
      };

      for (const product of await this.suppliers.productsOf(em, from.id)) {
        const twin = await this.suppliers.findProduct(em, into.id, product.normalisedName);
        if (twin) {
          await this.references.moveProduct(em, product.id, twin.id);
          await this.suppliers.deleteProduct(em, product.id);
        } else {
          await this.suppliers.moveProduct(em, product.id, into.id);
        }
      }
      await this.references.moveSupplier(em, from.id, into.id);
      await this.suppliers.foldInto(em, from, into);
      await audit(em, principal, this.clock.now(), {
        action: 'supplier.merge',
        targetId: into.id,
        before,
        after: {
          into: { id: into.id, name: into.name, companiesHouseNumber: into.companiesHouseNumber },
          alias: from.name,
        },
      });
      return into;
    });
  }
}
