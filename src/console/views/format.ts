import { RenewalDecision } from '../../systems/renewal-decision';
import dayjs from 'dayjs';

/** 2027-03-31 → 31 Mar 2027: how a date reads on a page (the ISO date stays in `<time>`). */
export const readableDate = (date: string | null | undefined): string =>
  date ? dayjs(date).format('D MMM YYYY') : '—';

// One formatter for every instant: building one per call costs tens of kilobytes each, which a
// page of 10,000 authorities turned into hundreds of megabytes.
const LONDON_INSTANT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant as a London reader sees it, e.g. 3 Dec 2026 14:05. */
export const readableInstant = (at: Date | null | undefined): string =>
  at ? LONDON_INSTANT.format(at) : '—';

const pounds = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  maximumFractionDigits: 0,
});

export const readableMoney = (gbp: number | null | undefined): string =>
  gbp === null || gbp === undefined ? '—' : pounds.format(gbp);

/** A renewal decision as a person reads it. */
export const DECISION_LABEL: Record<RenewalDecision, string> = {
  [RenewalDecision.UNDECIDED]: 'Undecided',
  [RenewalDecision.REPROCURE]: 'Reprocure',
  [RenewalDecision.EXTEND]: 'Extend',
  [RenewalDecision.RENEW]: 'Renew with the supplier',
  [RenewalDecision.DECOMMISSION]: 'Decommission',
};

/** A decision in one word, where a label has little room (a timeline's lane). */
export const DECISION_WORD: Record<RenewalDecision, string> = {
  [RenewalDecision.UNDECIDED]: 'Undecided',
  [RenewalDecision.REPROCURE]: 'Reprocure',
  [RenewalDecision.EXTEND]: 'Extend',
  [RenewalDecision.RENEW]: 'Renew',
  [RenewalDecision.DECOMMISSION]: 'Decommission',
};
