import { DomainError, ErrorCode } from '../common/domain-error';
import { Action, authorise, can, Target } from './policy';
import { Principal } from './principal';
import { Role } from './role';

const CAMDEN = 'E09000007';
const HACKNEY = 'E09000012';

const admin: Principal = {
  keyId: 'k-admin',
  label: 'Admin',
  role: Role.ADMIN,
  boroughGssCode: null,
};
const coordinator: Principal = {
  keyId: 'k-coordinator',
  label: 'Coordinator',
  role: Role.COORDINATOR,
  boroughGssCode: null,
};
const camdenLead: Principal = {
  keyId: 'k-camden',
  label: 'Camden lead',
  role: Role.BOROUGH_LEAD,
  boroughGssCode: CAMDEN,
};

const own: Target = { gssCode: CAMDEN, ownerKeyId: 'k-camden' };
const other: Target = { gssCode: HACKNEY };
const everyBorough: Target = { gssCode: null };
const someoneElses: Target = { gssCode: CAMDEN, ownerKeyId: 'k-other' };

/**
 * DESIGN §6, row by row. Each row: the action, then for each of ADMIN, COORDINATOR, BOROUGH_LEAD
 * (Camden) whether it may act on Camden's own things, on Hackney's, on every borough, and on a
 * Camden thing another key created.
 */
describe(can.name, () => {
  it.each<[string, Action, [boolean, boolean, boolean, boolean][]]>([
    [
      'read boroughs, categories, suppliers, systems, submissions, clusters: yes, yes, yes',
      Action.READ_REGISTER,
      [
        [true, true, true, true],
        [true, true, true, true],
        [true, true, true, true],
      ],
    ],
    [
      "submit / upsert / remove a borough's list: any, no, own borough",
      Action.CHANGE_LIST,
      [
        [true, true, true, true],
        [false, false, false, false],
        [true, false, false, true],
      ],
    ],
    [
      'alert subscriptions: any, any, own borough and own ones',
      Action.MANAGE_SUBSCRIPTIONS,
      [
        [true, true, true, true],
        [true, true, true, true],
        [true, false, false, false],
      ],
    ],
    [
      'runAlerts, alertOutbox, requeueAlertEmails: yes, no, no',
      Action.OPERATE_ALERTS,
      [
        [true, true, true, true],
        [false, false, false, false],
        [false, false, false, false],
      ],
    ],
    [
      'mergeSuppliers, auditEvents, keys: yes, no, no',
      Action.ADMINISTER,
      [
        [true, true, true, true],
        [false, false, false, false],
        [false, false, false, false],
      ],
    ],
    [
      'exports and calendar feeds: yes, yes, own borough',
      Action.EXPORT,
      [
        [true, true, true, true],
        [true, true, true, true],
        [true, false, false, true],
      ],
    ],
    [
      'import a CSV, propose from OCDS, confirm a list: any, no, own borough',
      Action.IMPORT,
      [
        [true, true, true, true],
        [false, false, false, false],
        [true, false, false, true],
      ],
    ],
    [
      'console: sign in and read: yes, yes, yes',
      Action.USE_CONSOLE,
      [
        [true, true, true, true],
        [true, true, true, true],
        [true, true, true, true],
      ],
    ],
  ])('%s', (_row, action, expected) => {
    const targets = [own, other, everyBorough, someoneElses];
    const actual = [admin, coordinator, camdenLead].map((principal) =>
      targets.map((target) => can(principal, action, target)),
    );
    expect(actual).toEqual(expected);
  });

  it('covers every action of the table', () => {
    expect(Object.values(Action)).toHaveLength(8);
  });

  it.each([
    [admin, true],
    [coordinator, false],
    [camdenLead, true],
  ])('asks only about the role when no target is given (%j)', (principal, expected) => {
    expect(can(principal, Action.CHANGE_LIST)).toBe(expected);
  });

  it('refuses a borough lead whose key names no borough, even for every borough', () => {
    const nowhere: Principal = { ...camdenLead, boroughGssCode: null };
    expect(can(nowhere, Action.CHANGE_LIST, { gssCode: null })).toBe(false);
    expect(can(nowhere, Action.MANAGE_SUBSCRIPTIONS)).toBe(false);
    expect(can(nowhere, Action.READ_REGISTER)).toBe(true);
  });

  it('refuses a command-line principal with no key the ones a key created', () => {
    const keyless: Principal = { ...camdenLead, keyId: null };
    expect(can(keyless, Action.MANAGE_SUBSCRIPTIONS, { ownerKeyId: null })).toBe(false);
  });
});

describe(authorise.name, () => {
  it.each<[Principal, Action, Target, string]>([
    [coordinator, Action.CHANGE_LIST, own, "A COORDINATOR key may not change a borough's list"],
    [
      camdenLead,
      Action.CHANGE_LIST,
      other,
      "This key may only change a borough's list for its own borough (E09000007)",
    ],
    [
      camdenLead,
      Action.MANAGE_SUBSCRIPTIONS,
      someoneElses,
      'This key may only manage alert subscriptions it created',
    ],
  ])('refuses with FORBIDDEN and the reason', (principal, action, target, message) => {
    let thrown: unknown;
    try {
      authorise(principal, action, target);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: ErrorCode.FORBIDDEN, message });
  });

  it('lets an allowed principal through', () => {
    expect(() => authorise(camdenLead, Action.CHANGE_LIST, own)).not.toThrow();
  });
});
