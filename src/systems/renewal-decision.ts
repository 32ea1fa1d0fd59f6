import { registerEnumType } from '@nestjs/graphql';

/** What a borough has decided to do when an entry's contract ends (DESIGN §11). */
export enum RenewalDecision {
  UNDECIDED = 'UNDECIDED',
  /** Buy again through a new procurement: what joint procurement is for. */
  REPROCURE = 'REPROCURE',
  /** Use the contract's extension options. */
  EXTEND = 'EXTEND',
  /** Renew with the same supplier. */
  RENEW = 'RENEW',
  /** Stop using the system: it takes no part in clusters. */
  DECOMMISSION = 'DECOMMISSION',
}

registerEnumType(RenewalDecision, {
  name: 'RenewalDecision',
  description: 'What the borough will do when the contract ends.',
  valuesMap: {
    UNDECIDED: { description: 'Not decided yet (the default).' },
    REPROCURE: { description: 'A new procurement.' },
    EXTEND: { description: "Use the contract's extension options." },
    RENEW: { description: 'Renew with the same supplier.' },
    DECOMMISSION: { description: 'Stop using the system; it takes no part in clusters.' },
  },
});

/** A decision note is short: what was decided and why, not a document. */
export const MAX_DECISION_NOTE = 500;

/**
 * The decision a person wrote, as the API writes it or in words ("Re-procure", "decommission"),
 * ignoring case, spaces and punctuation; undefined when it names none.
 */
export function decisionNamed(words: string): RenewalDecision | undefined {
  const key = words.toUpperCase().replace(/[^A-Z]/g, '');
  return Object.values(RenewalDecision).find((d) => String(d) === key);
}
