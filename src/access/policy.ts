import { DomainError } from '../common/domain-error';
import { Principal } from './principal';
import { Role } from './role';

/** The rows of DESIGN §6's access table, one action each; the value reads in a refusal. */
export enum Action {
  READ_REGISTER = 'read the register',
  CHANGE_LIST = "change a borough's list",
  MANAGE_SUBSCRIPTIONS = 'manage alert subscriptions',
  OPERATE_ALERTS = 'run alerts or manage the alert outbox',
  ADMINISTER = 'merge suppliers, read the audit trail or manage keys',
  EXPORT = 'export data or use calendar feeds',
  IMPORT = 'import, propose or confirm a list',
  USE_CONSOLE = 'sign in to the console',
}

/**
 * What an action is done to. A field left out is not asked about: `can(p, CHANGE_LIST)` says
 * whether the role may change some borough's list, `can(p, CHANGE_LIST, { gssCode })` whether it
 * may change that one. `gssCode: null` means every borough (a subscription to all of them).
 */
export interface Target {
  gssCode?: string | null;
  /** The key that created the thing (an alert subscription). */
  ownerKeyId?: string | null;
}

type Rule = 'yes' | 'no' | 'own borough' | 'own borough, own ones';

/** DESIGN §6, row by row: what each role may do. */
const ACCESS: Readonly<Record<Action, Readonly<Record<Role, Rule>>>> = {
  [Action.READ_REGISTER]: { ADMIN: 'yes', COORDINATOR: 'yes', BOROUGH_LEAD: 'yes' },
  [Action.CHANGE_LIST]: { ADMIN: 'yes', COORDINATOR: 'no', BOROUGH_LEAD: 'own borough' },
  [Action.MANAGE_SUBSCRIPTIONS]: {
    ADMIN: 'yes',
    COORDINATOR: 'yes',
    BOROUGH_LEAD: 'own borough, own ones',
  },
  [Action.OPERATE_ALERTS]: { ADMIN: 'yes', COORDINATOR: 'no', BOROUGH_LEAD: 'no' },
  [Action.ADMINISTER]: { ADMIN: 'yes', COORDINATOR: 'no', BOROUGH_LEAD: 'no' },
  [Action.EXPORT]: { ADMIN: 'yes', COORDINATOR: 'yes', BOROUGH_LEAD: 'own borough' },
  [Action.IMPORT]: { ADMIN: 'yes', COORDINATOR: 'no', BOROUGH_LEAD: 'own borough' },
  [Action.USE_CONSOLE]: { ADMIN: 'yes', COORDINATOR: 'yes', BOROUGH_LEAD: 'yes' },
};

/** Why `principal` may not do `action` to `target`, or null when it may. */
export function refusal(principal: Principal, action: Action, target: Target = {}): string | null {
  const rule = ACCESS[action][principal.role];
  if (rule === 'yes') return null;
  if (rule === 'no') return `A ${principal.role} key may not ${action}`;
  if (principal.boroughGssCode === null)
    return `This key names no borough, so it may not ${action}`;
  if (target.gssCode !== undefined && target.gssCode !== principal.boroughGssCode) {
    return `This key may only ${action} for its own borough (${principal.boroughGssCode})`;
  }
  if (
    rule === 'own borough, own ones' &&
    target.ownerKeyId !== undefined &&
    (principal.keyId === null || target.ownerKeyId !== principal.keyId)
  ) {
    return `This key may only ${action} it created`;
  }
  return null;
}

/** The one access rule (DESIGN §6): may `principal` do `action` to `target`? */
export function can(principal: Principal, action: Action, target?: Target): boolean {
  return refusal(principal, action, target) === null;
}

/** As `can`, refusing with FORBIDDEN and the reason. */
export function authorise(principal: Principal, action: Action, target?: Target): void {
  const reason = refusal(principal, action, target);
  if (reason !== null) throw DomainError.forbidden(reason);
}
