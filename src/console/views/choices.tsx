import type { QueryString } from '../../spreadsheets/export-queries';
import { valuesOf } from '../page-query';

interface Props {
  /** The query parameter, also the field's id. */
  name: string;
  label: string;
  hint: string;
  options: { value: string; label: string }[];
  query: QueryString;
}

/** A filter of several values: those in the query string are chosen. */
export function MultiSelect({ name, label, hint, options, query }: Props) {
  const chosen = new Set(valuesOf(query, name));
  return (
    <div>
      <label for={name}>
        {label}
        <span class="hint">{hint}</span>
      </label>
      <select id={name} name={name} multiple size={5}>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={chosen.has(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
