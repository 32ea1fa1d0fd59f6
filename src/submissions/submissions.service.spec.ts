import { CAMDEN, HACKNEY } from '../../test/helpers/lists';
import {
  bootServices,
  domainError,
  fingerprint,
  input,
  principal,
  ServiceModule,
} from '../../test/helpers/service-module';
import { TEST_NOW } from '../../test/helpers/test-clock';
import { Role } from '../access/role';
import { operator } from '../access/principal';
import { ErrorCode } from '../common/domain-error';
import { ItSystemInput } from '../systems/dto/it-system.input';
import { SystemsModule } from '../systems/systems.module';
import { SystemsService } from '../systems/systems.service';
import { HistoryService } from './history.service';
import { Submission } from './submission.entity';
import { SubmissionsCoreModule } from './submissions.module';
import { SubmissionsService } from './submissions.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LATER = new Date('2026-12-01T10:00:00Z');
const LATER_STILL = new Date('2027-01-04T08:30:00Z');

describe(SubmissionsService.name, () => {
  let t: ServiceModule;
  let service: SubmissionsService;
  let history: HistoryService;
  const admin = operator('Spec operator');

  beforeEach(async () => {
    t = await bootServices([SubmissionsCoreModule, SystemsModule]);
    service = t.module.get(SubmissionsService);
    history = t.module.get(HistoryService);
  });
  afterEach(() => t.close());

  const submit = (systems: ItSystemInput[], expectedVersion?: number) =>
    service.submit(admin, CAMDEN, systems, expectedVersion);
  /** A version's entries as [rank, name, id]. */
  const entries = (submission: Submission) =>
    submission.systems.map((s) => [s.rank, s.name, s.id] as const);
  const idOf = (submission: Submission, name: string) =>
    submission.systems.find((s) => s.name === name)!.id;
  /** Camden's current entries as stored, by rank, as [rank, name, id]. */
  const current = async () =>
    (await t.module.get(SystemsService).find({ boroughGssCodes: [CAMDEN] }))
      .sort((a, b) => a.rank - b.rank)
      .map((s) => [s.rank, s.name, s.id] as const);

  describe('an entry’s identity across versions', () => {
    it('keeps every id when an unchanged list is resubmitted, and does not mark them updated', async () => {
      const first = await submit([input(1), input(2), input(3)]);
      expect(new Set(first.systems.map((s) => s.id)).size).toBe(3);
      t.clock.set(LATER);
      const second = await submit([input(1), input(2), input(3)]);
      expect(second.version).toBe(2);
      expect(entries(second)).toEqual(entries(first));
      expect(second.systems.map((s) => s.updatedAt)).toEqual([TEST_NOW, TEST_NOW, TEST_NOW]);
      expect(await current()).toEqual(entries(first));
    });

    it('keeps every id when the list is reordered', async () => {
      const first = await submit([
        input(1, { name: 'Housing', contractReference: 'H-1' }),
        input(2, { name: 'Revenues', contractReference: 'R-1' }),
        input(3, { name: 'Social care', contractReference: 'S-1' }),
      ]);
      const second = await submit([
        input(1, { name: 'Social care', contractReference: 'S-1' }),
        input(2, { name: 'Housing', contractReference: 'H-1' }),
        input(3, { name: 'Revenues', contractReference: 'R-1' }),
      ]);
      const reordered = [
        [1, 'Social care', idOf(first, 'Social care')],
        [2, 'Housing', idOf(first, 'Housing')],
        [3, 'Revenues', idOf(first, 'Revenues')],
      ];
      expect(entries(second)).toEqual(reordered);
      expect(await current()).toEqual(reordered);
    });

    it('matches by contract reference before name', async () => {
      const first = await submit([
        input(1, { name: 'Housing', contractReference: 'H-1' }),
        input(2, { name: 'Revenues', contractReference: 'R-1' }),
      ]);
      // Each reference now comes with the other's name: the reference wins.
      const second = await submit([
        input(1, { name: 'Revenues', contractReference: 'H-1' }),
        input(2, { name: 'Housing', contractReference: 'R-1' }),
      ]);
      expect(entries(second)).toEqual([
        [1, 'Revenues', idOf(first, 'Housing')],
        [2, 'Housing', idOf(first, 'Revenues')],
      ]);
    });

    it('then matches by name, ignoring case and spacing', async () => {
      const first = await submit([
        input(1, { name: 'Housing Management System', contractReference: null }),
        input(2, { name: 'Revenues', contractReference: 'R-1' }),
      ]);
      // No reference on the first; a new reference on the second, which matches nothing.
      const second = await submit([
        input(1, { name: 'HOUSING  management\tSystem', contractReference: null }),
        input(2, { name: ' revenues ', contractReference: 'R-2' }),
      ]);
      expect(entries(second)).toEqual([
        [1, 'HOUSING  management\tSystem', idOf(first, 'Housing Management System')],
        [2, 'revenues', idOf(first, 'Revenues')],
      ]);
    });

    it('gives an entry that matches nothing a new id', async () => {
      const first = await submit([input(1, { name: 'Housing' }), input(2, { name: 'Revenues' })]);
      const second = await submit([
        input(1, { name: 'Housing' }),
        input(2, { name: 'Telephony', contractReference: 'T-1' }),
      ]);
      const [, telephony] = second.systems;
      expect(telephony.id).toMatch(UUID);
      expect(first.systems.map((s) => s.id)).not.toContain(telephony.id);
      expect(entries(second)).toEqual([
        [1, 'Housing', idOf(first, 'Housing')],
        [2, 'Telephony', telephony.id],
      ]);
    });

    it('does not give a retired entry’s id to an entry that comes back later', async () => {
      const first = await submit([input(1), input(2)]);
      await submit([input(1)]);
      const third = await submit([input(1), input(2)]);
      const [, returned] = third.systems;
      expect(returned.id).toMatch(UUID);
      expect(first.systems.map((s) => s.id)).not.toContain(returned.id);
      expect(entries(third)).toEqual([
        [1, 'System 1', first.systems[0].id],
        [2, 'System 2', returned.id],
      ]);
    });
  });

  describe('versions', () => {
    it('records the whole list with its defaults in each version’s snapshot', async () => {
      const first = await submit([input(1)]);
      expect(first).toEqual({
        id: expect.stringMatching(UUID),
        boroughId: expect.stringMatching(UUID),
        version: 1,
        submittedAt: TEST_NOW,
        submittedBy: 'Spec operator',
        apiKeyId: null,
        action: 'submit',
        systems: [
          {
            id: expect.stringMatching(UUID),
            rank: 1,
            name: 'System 1',
            categoryCode: 'housing-management',
            supplierName: 'NEC Software Solutions UK Ltd',
            supplierCompaniesHouseNumber: null,
            productName: null,
            contractReference: 'REF-1',
            contractStart: null,
            contractEnd: '2027-06-30',
            maxExtentDate: null,
            noticePeriodDays: null,
            annualValueGbp: null,
            totalValueGbp: null,
            hosting: 'UNKNOWN',
            routeToMarket: null,
            openToCollaboration: true,
            notes: null,
            renewalDecision: 'UNDECIDED',
            decisionNote: null,
            updatedAt: TEST_NOW,
          },
        ],
      });
    });

    it('numbers each borough’s versions 1, 2, 3 and lists them newest first', async () => {
      await submit([input(1)]);
      t.clock.set(LATER);
      await submit([input(1), input(2)]);
      await service.submit(admin, HACKNEY, [input(1)]);
      t.clock.set(LATER_STILL);
      await submit([input(2)]);
      const summary = (s: Submission) => [s.version, s.submittedAt, s.systems.length];
      expect((await history.history({ gssCode: CAMDEN })).map(summary)).toEqual([
        [3, LATER_STILL, 1],
        [2, LATER, 2],
        [1, TEST_NOW, 1],
      ]);
      expect((await history.history({ gssCode: HACKNEY })).map(summary)).toEqual([[1, LATER, 1]]);
      expect(await history.history({ gssCode: 'E09000001' })).toEqual([]);
    });

    it('pages through the history newest first, and refuses a page size past 1000', async () => {
      for (const n of [1, 2, 3, 4]) await submit([input(1, { name: `List ${n}` })]);
      const versions = async (page: { limit?: number; offset?: number }) =>
        (await history.history({ gssCode: CAMDEN, ...page })).map((s) => s.version);
      expect(await versions({})).toEqual([4, 3, 2, 1]);
      expect(await versions({ limit: 2 })).toEqual([4, 3]);
      expect(await versions({ limit: 2, offset: 1 })).toEqual([3, 2]);
      expect(await versions({ offset: 3 })).toEqual([1]);
      expect(await versions({ limit: 0 })).toEqual([]);
      const error = await domainError(() =>
        history.history({ gssCode: CAMDEN, limit: 1001, offset: -1 }),
      );
      expect([error.code, error.fieldErrors]).toEqual([
        ErrorCode.BAD_USER_INPUT,
        [
          { path: 'limit', message: 'must be a whole number from 0 to 1000' },
          { path: 'offset', message: 'must be 0 or more' },
        ],
      ]);
    });

    it('answers which version was in force at an instant, and null before the first', async () => {
      await submit([input(1)]);
      t.clock.set(LATER);
      await submit([input(1), input(2)]);
      const versionAt = async (at: string) =>
        (await history.versionAt(CAMDEN, new Date(at)))?.version ?? null;
      expect(await versionAt('2026-11-26T08:59:59.999Z')).toBeNull();
      expect(await versionAt('2026-11-26T09:00:00.000Z')).toBe(1);
      expect(await versionAt('2026-12-01T09:59:59.999Z')).toBe(1);
      expect(await versionAt('2026-12-01T10:00:00.000Z')).toBe(2);
      expect(await versionAt('2030-01-01T00:00:00.000Z')).toBe(2);
    });

    it('answers NOT_FOUND for a GSS code that is no borough', async () => {
      for (const work of [
        () => history.history({ gssCode: 'E09000099' }),
        () => history.versionAt('E09000099', LATER),
        () => service.submit(admin, 'E09000099', [input(1)]),
      ]) {
        const error = await domainError(work);
        expect([error.code, error.message]).toEqual([
          ErrorCode.NOT_FOUND,
          'No borough has GSS code E09000099',
        ]);
      }
    });
  });

  describe('expectedVersion', () => {
    it('accepts the current version, 0 before the first list', async () => {
      expect((await submit([input(1)], 0)).version).toBe(1);
      expect((await submit([input(1), input(2)], 1)).version).toBe(2);
    });

    it('refuses a stale expectedVersion with CONFLICT and writes nothing', async () => {
      await submit([input(1)]);
      const second = await submit([input(1), input(2)]);
      const before = await fingerprint(t.db);
      for (const work of [
        () => submit([input(3)], 1),
        () => service.upsert(admin, CAMDEN, input(3), 1),
        () => service.remove(admin, CAMDEN, 1, 1),
      ]) {
        const error = await domainError(work);
        expect([error.code, error.message, error.extra]).toEqual([
          ErrorCode.CONFLICT,
          "Camden's list is at version 2, not 1: someone else changed it. Reload it and submit again.",
          { currentVersion: 2 },
        ]);
      }
      expect(await fingerprint(t.db)).toEqual(before);
      expect((await history.history({ gssCode: CAMDEN })).map((s) => s.version)).toEqual([2, 1]);
      expect(await current()).toEqual(entries(second));
    });
  });

  describe('all or nothing', () => {
    it('refuses the whole list when any entry is bad, naming every bad field', async () => {
      await submit([input(1)]);
      const before = await fingerprint(t.db);
      const error = await domainError(() =>
        submit([
          input(1),
          input(2, { contractEnd: '2027-02-30' }),
          input(2, { contractReference: 'REF-1' }),
          input(4, { categoryCode: 'toasters' }),
        ]),
      );
      expect(error.code).toBe(ErrorCode.BAD_USER_INPUT);
      expect(error.fieldErrors).toEqual([
        {
          path: 'systems.1.contractEnd',
          message: 'must be a real date written YYYY-MM-DD, from 1900-01-01 to 2199-12-31',
        },
        {
          path: 'systems.3.categoryCode',
          message: 'is not a known category code ("toasters"); see the categories query',
        },
        { path: 'systems.2.rank', message: 'repeats rank 2 of systems.1' },
        {
          path: 'systems.2.contractReference',
          message: 'repeats the contract reference of systems.0',
        },
      ]);
      expect(await fingerprint(t.db)).toEqual(before);
    });

    it('writes nothing, not even a new supplier, when a later entry fails as names resolve', async () => {
      await submit([input(1, { supplierCompaniesHouseNumber: '12345678' })]);
      const before = await fingerprint(t.db);
      const error = await domainError(() =>
        submit([
          input(1, { supplierName: 'Brand New Civic Software Ltd', productName: 'Civic One' }),
          input(2, { supplierCompaniesHouseNumber: '87654321' }),
        ]),
      );
      expect([error.code, error.fieldErrors]).toEqual([
        ErrorCode.BAD_USER_INPUT,
        [
          {
            path: 'systems.1.supplierCompaniesHouseNumber',
            message:
              'does not match "NEC Software Solutions UK Ltd", registered as Companies House number 12345678',
          },
        ],
      ]);
      expect(await fingerprint(t.db)).toEqual(before);
    });
  });

  describe('upsert and remove', () => {
    it('upsert replaces the entry at its rank, keeping its id, as a new version', async () => {
      const first = await submit([input(1), input(2), input(3)]);
      t.clock.set(LATER);
      const second = await service.upsert(admin, CAMDEN, input(2, { contractEnd: '2028-03-31' }));
      expect([second.version, second.action]).toEqual([2, 'upsert']);
      expect(second.systems.map((s) => [s.id, s.rank, s.contractEnd, s.updatedAt])).toEqual([
        [first.systems[0].id, 1, '2027-06-30', TEST_NOW],
        [first.systems[1].id, 2, '2028-03-31', LATER],
        [first.systems[2].id, 3, '2027-06-30', TEST_NOW],
      ]);
      expect(await current()).toEqual(entries(second));
    });

    it('upsert puts an entry at a free rank with a new id', async () => {
      const first = await submit([input(1)]);
      const second = await service.upsert(admin, CAMDEN, input(4));
      const added = second.systems[1].id;
      expect(added).toMatch(UUID);
      expect(added).not.toBe(first.systems[0].id);
      expect(entries(second)).toEqual([
        [1, 'System 1', first.systems[0].id],
        [4, 'System 4', added],
      ]);
    });

    it('upsert refuses a contract reference another rank holds, writing nothing', async () => {
      await submit([input(1), input(2)]);
      const before = await fingerprint(t.db);
      const error = await domainError(() =>
        service.upsert(admin, CAMDEN, input(3, { contractReference: 'ref-1' })),
      );
      expect([error.code, error.fieldErrors]).toEqual([
        ErrorCode.BAD_USER_INPUT,
        [{ path: 'system.contractReference', message: 'is already used by the entry at rank 1' }],
      ]);
      expect(await fingerprint(t.db)).toEqual(before);
    });

    it('remove takes the entry at a rank out as a new version, keeping the other ids', async () => {
      const first = await submit([input(1), input(2), input(3)]);
      const second = await service.remove(admin, CAMDEN, 2);
      expect([second.version, second.action]).toEqual([2, 'remove']);
      expect(entries(second)).toEqual([
        [1, 'System 1', first.systems[0].id],
        [3, 'System 3', first.systems[2].id],
      ]);
      expect(await current()).toEqual(entries(second));
    });

    it('remove answers NOT_FOUND for an empty rank and writes nothing', async () => {
      await submit([input(1)]);
      const before = await fingerprint(t.db);
      const error = await domainError(() => service.remove(admin, CAMDEN, 5));
      expect([error.code, error.message]).toEqual([
        ErrorCode.NOT_FOUND,
        'Camden has no entry at rank 5',
      ]);
      expect(await fingerprint(t.db)).toEqual(before);
    });
  });

  describe('who may change a list', () => {
    it.each([
      [
        'a borough lead of another borough',
        principal(Role.BOROUGH_LEAD, HACKNEY),
        "This key may only change a borough's list for its own borough (E09000012)",
      ],
      [
        'a coordinator',
        principal(Role.COORDINATOR),
        "A COORDINATOR key may not change a borough's list",
      ],
    ])('refuses %s with FORBIDDEN and writes nothing', async (_, who, message) => {
      await submit([input(1), input(2)]);
      const before = await fingerprint(t.db);
      for (const work of [
        () => service.submit(who, CAMDEN, [input(1)]),
        () => service.upsert(who, CAMDEN, input(3)),
        () => service.remove(who, CAMDEN, 1),
      ]) {
        const error = await domainError(work);
        expect([error.code, error.message]).toEqual([ErrorCode.FORBIDDEN, message]);
      }
      expect(await fingerprint(t.db)).toEqual(before);
    });

    it('lets a borough lead change their own borough’s list, under their label', async () => {
      const lead = principal(Role.BOROUGH_LEAD, CAMDEN);
      const first = await service.submit(lead, CAMDEN, [input(1), input(2)]);
      const second = await service.upsert(lead, CAMDEN, input(3));
      const third = await service.remove(lead, CAMDEN, 1);
      expect([first, second, third].map((s) => [s.version, s.action, s.submittedBy])).toEqual([
        [1, 'submit', 'Spec borough_lead'],
        [2, 'upsert', 'Spec borough_lead'],
        [3, 'remove', 'Spec borough_lead'],
      ]);
    });
  });
});
