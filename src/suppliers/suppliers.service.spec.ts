import { CAMDEN, HACKNEY } from '../../test/helpers/lists';
import {
  bootServices,
  domainError,
  fingerprint,
  input,
  ServiceModule,
} from '../../test/helpers/service-module';
import { operator } from '../access/principal';
import { ErrorCode } from '../common/domain-error';
import { SubmissionsCoreModule } from '../submissions/submissions.module';
import { SubmissionsService } from '../submissions/submissions.service';
import { SystemsModule } from '../systems/systems.module';
import { SystemsService } from '../systems/systems.service';
import { Supplier } from './supplier.entity';
import { SuppliersModule } from './suppliers.module';
import { SuppliersService } from './suppliers.service';

const NEC = 'NEC Software Solutions UK Ltd';
const NORTHGATE = 'Northgate Public Services Ltd';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const byId = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : 1);

describe(SuppliersService.name, () => {
  let t: ServiceModule;
  let suppliers: SuppliersService;
  let submissions: SubmissionsService;
  const admin = operator('Spec operator');

  beforeEach(async () => {
    t = await bootServices([SubmissionsCoreModule, SuppliersModule, SystemsModule]);
    suppliers = t.module.get(SuppliersService);
    submissions = t.module.get(SubmissionsService);
  });
  afterEach(() => t.close());

  /** The one supplier a search finds. */
  const theOne = async (search: string): Promise<Supplier> => {
    const found = await suppliers.search(search);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const names = async (search?: string | null) =>
    (await suppliers.search(search)).map((s) => s.name);
  /** Current entries of a supplier as [id, productId], by id. */
  const systemsOf = async (supplierId: string) =>
    (await t.module.get(SystemsService).find({ supplierIds: [supplierId] }))
      .map((s): [string, string | null] => [s.id, s.productId])
      .sort(byId);
  const rows = (sql: string) => t.db.dataSource.query(sql);

  describe('merge', () => {
    /** Camden on NEC's Open Housing; Hackney on Northgate's Open Housing and its revenues system. */
    async function twoSuppliers() {
      const camden = await submissions.submit(admin, CAMDEN, [
        input(1, { supplierName: NEC, productName: 'Open Housing' }),
      ]);
      const hackney = await submissions.submit(admin, HACKNEY, [
        input(1, { supplierName: NORTHGATE, productName: 'Open Housing' }),
        input(2, {
          name: 'Revenues',
          categoryCode: 'revenues-benefits',
          supplierName: NORTHGATE,
          productName: 'Revenues and Benefits',
        }),
      ]);
      return {
        nec: await theOne(NEC),
        northgate: await theOne(NORTHGATE),
        ids: {
          camden: camden.systems[0].id,
          hackneyHousing: hackney.systems[0].id,
          hackneyRevenues: hackney.systems[1].id,
        },
      };
    }

    it('moves the systems and products to the survivor, folding a product both make into one', async () => {
      const { nec, northgate, ids } = await twoSuppliers();
      const [[, necHousing]] = await systemsOf(nec.id);
      const before = new Map(await systemsOf(northgate.id));
      expect(before.get(ids.hackneyHousing)).not.toBe(necHousing);
      const revenues = before.get(ids.hackneyRevenues)!;

      expect(await suppliers.merge(admin, northgate.id, nec.id)).toEqual({
        id: nec.id,
        name: NEC,
        normalisedName: 'nec software solutions',
        companiesHouseNumber: null,
      });
      expect(await systemsOf(northgate.id)).toEqual([]);
      const moved: [string, string | null][] = [
        [ids.camden, necHousing],
        [ids.hackneyHousing, necHousing],
        [ids.hackneyRevenues, revenues],
      ];
      expect(await systemsOf(nec.id)).toEqual(moved.sort(byId));
      expect(await rows('SELECT id, name, supplier_id FROM product ORDER BY name')).toEqual([
        { id: necHousing, name: 'Open Housing', supplier_id: nec.id },
        { id: revenues, name: 'Revenues and Benefits', supplier_id: nec.id },
      ]);
      expect(await names()).toEqual([NEC]);
    });

    it('keeps the merged name as an alias, so a later submission under it resolves to the survivor', async () => {
      const { nec, northgate } = await twoSuppliers();
      await suppliers.merge(admin, northgate.id, nec.id);
      expect(await rows('SELECT name, supplier_id FROM supplier_alias')).toEqual([
        { name: NORTHGATE, supplier_id: nec.id },
      ]);
      const products = await rows('SELECT * FROM product ORDER BY id');

      const later = await submissions.submit(admin, HACKNEY, [
        input(1, {
          supplierName: 'NORTHGATE PUBLIC SERVICES LIMITED',
          productName: 'Open Housing',
        }),
      ]);
      expect(later.systems.map((s) => [s.supplierName, s.productName])).toEqual([
        [NEC, 'Open Housing'],
      ]);
      expect((await systemsOf(nec.id)).map(([id]) => id)).toContain(later.systems[0].id);
      expect(await names()).toEqual([NEC]);
      expect(await rows('SELECT * FROM product ORDER BY id')).toEqual(products);
    });

    it('carries the merged supplier’s aliases and Companies House number over to the survivor', async () => {
      const { nec, northgate } = await twoSuppliers();
      // Giving Northgate's number with another name teaches the register that name as an alias.
      await submissions.submit(admin, HACKNEY, [
        input(1, { supplierName: NORTHGATE, supplierCompaniesHouseNumber: '00968498' }),
      ]);
      await submissions.submit(admin, HACKNEY, [
        input(1, { supplierName: 'NPS', supplierCompaniesHouseNumber: '00968498' }),
      ]);
      expect(await rows('SELECT name, supplier_id FROM supplier_alias')).toEqual([
        { name: 'NPS', supplier_id: northgate.id },
      ]);

      expect(await suppliers.merge(admin, northgate.id, nec.id)).toEqual({
        id: nec.id,
        name: NEC,
        normalisedName: 'nec software solutions',
        companiesHouseNumber: '00968498',
      });
      expect(await rows('SELECT name, supplier_id FROM supplier_alias ORDER BY name')).toEqual([
        { name: 'NPS', supplier_id: nec.id },
        { name: NORTHGATE, supplier_id: nec.id },
      ]);
      expect((await theOne('00968498')).id).toBe(nec.id);
    });

    it('refuses to merge a supplier into itself with BAD_USER_INPUT', async () => {
      const { nec } = await twoSuppliers();
      const before = await fingerprint(t.db);
      const error = await domainError(() => suppliers.merge(admin, nec.id, nec.id));
      expect([error.code, error.fieldErrors]).toEqual([
        ErrorCode.BAD_USER_INPUT,
        [{ path: 'intoId', message: 'must differ from fromId' }],
      ]);
      expect(await fingerprint(t.db)).toEqual(before);
    });

    it('refuses to merge two suppliers with different Companies House numbers', async () => {
      await submissions.submit(admin, CAMDEN, [
        input(1, { supplierName: NEC, supplierCompaniesHouseNumber: '12345678' }),
      ]);
      await submissions.submit(admin, HACKNEY, [
        input(1, { supplierName: NORTHGATE, supplierCompaniesHouseNumber: '00968498' }),
      ]);
      const [nec, northgate] = [await theOne(NEC), await theOne(NORTHGATE)];
      const before = await fingerprint(t.db);
      const error = await domainError(() => suppliers.merge(admin, northgate.id, nec.id));
      expect([error.code, error.fieldErrors]).toEqual([
        ErrorCode.BAD_USER_INPUT,
        [
          {
            path: 'fromId',
            message:
              'is Companies House number 00968498 and intoId is 12345678: different companies cannot be merged',
          },
        ],
      ]);
      expect(await fingerprint(t.db)).toEqual(before);
    });

    it('answers NOT_FOUND for an unknown supplier on either side', async () => {
      const { nec } = await twoSuppliers();
      const before = await fingerprint(t.db);
      for (const [fromId, intoId] of [
        [UNKNOWN_ID, nec.id],
        [nec.id, UNKNOWN_ID],
      ]) {
        const error = await domainError(() => suppliers.merge(admin, fromId, intoId));
        expect([error.code, error.message]).toEqual([
          ErrorCode.NOT_FOUND,
          `No supplier has id ${UNKNOWN_ID}`,
        ]);
      }
      expect(await fingerprint(t.db)).toEqual(before);
    });
  });

  describe('search', () => {
    beforeEach(async () => {
      await submissions.submit(admin, CAMDEN, [
        input(1, { supplierName: NEC, supplierCompaniesHouseNumber: '12345678' }),
        input(2, { supplierName: 'Civica UK Ltd' }),
        input(3, { supplierName: 'Capita Business Services Ltd' }),
      ]);
      // Another name given with NEC's number becomes an alias of NEC.
      await submissions.submit(admin, HACKNEY, [
        input(1, {
          supplierName: 'Northgate Public Services',
          supplierCompaniesHouseNumber: '12345678',
        }),
      ]);
    });

    it('lists every supplier by name without a search term', async () => {
      const all = ['Capita Business Services Ltd', 'Civica UK Ltd', NEC];
      expect(await names()).toEqual(all);
      expect(await names(null)).toEqual(all);
      expect(await names('  ')).toEqual(all);
    });

    it.each([
      ['finds a supplier by its name as stored', 'Civica UK Ltd', ['Civica UK Ltd']],
      ['finds a supplier by its name spelt another way', 'CIVICA LIMITED', ['Civica UK Ltd']],
      ['finds a supplier by part of its normalised name', 'software solutions', [NEC]],
      [
        'finds every supplier whose name has the part, by name',
        'ca',
        ['Capita Business Services Ltd', 'Civica UK Ltd'],
      ],
      ['finds a supplier by an alias', 'northgate public services ltd.', [NEC]],
      ['finds a supplier by its Companies House number', '12345678', [NEC]],
      ['finds nothing for a name like none', 'Oracle Corporation', []],
    ])('%s', async (_, search, expected) => {
      expect(await names(search)).toEqual(expected);
    });
  });
});
