import { readableDate } from './format';

/** A calendar date, readable, with its ISO form for machines. */
export function DateText({ date }: { date: string | null | undefined }) {
  return date ? <time dateTime={date}>{readableDate(date)}</time> : <span>—</span>;
}
