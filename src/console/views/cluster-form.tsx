import type { Borough } from '../../boroughs/borough.entity';
import type { Category } from '../../categories/category.entity';
import { ClusterGrouping } from '../../clusters/cluster-grouping';
import type { QueryString } from '../../spreadsheets/export-queries';
import { valuesOf } from '../page-query';
import { MultiSelect } from './choices';

interface Props {
  query: QueryString;
  categories: Category[];
  boroughs: Borough[];
  asOf: string;
}

const one = (query: QueryString, name: string) => valuesOf(query, name)[0] ?? '';

/** The filters of `ClusterInput` as a form: it sends a GET, so every view has its own address. */
export function ClusterForm({ query, categories, boroughs, asOf }: Props) {
  const number = (name: string, label: string, hint: string, min: number, max: number) => (
    <div>
      <label for={name}>
        {label}
        <span class="hint">{hint}</span>
      </label>
      <input id={name} name={name} type="number" min={min} max={max} value={one(query, name)} />
    </div>
  );
  return (
    <form class="filters" method="get" action="/clusters" aria-label="Filter opportunities">
      <MultiSelect
        name="category"
        label="Category"
        hint="None chosen: every category."
        query={query}
        options={categories.map((c) => ({ value: c.code, label: c.name }))}
      />
      <MultiSelect
        name="borough"
        label="Borough"
        hint="None chosen: every borough."
        query={query}
        options={boroughs.map((b) => ({ value: b.gssCode, label: b.shortName }))}
      />
      <div>
        <label for="groupBy">Group by</label>
        <select id="groupBy" name="groupBy">
          {Object.values(ClusterGrouping).map((g) => (
            <option
              key={g}
              value={g}
              selected={(one(query, 'groupBy') || ClusterGrouping.CATEGORY) === String(g)}
            >
              {g.charAt(0) + g.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      {number(
        'horizonMonths',
        'Horizon (months)',
        'Contracts ending within it; default 12.',
        1,
        60,
      )}
      {number('maxSpreadMonths', 'Spread (months)', 'How far apart ends may be; default 6.', 0, 24)}
      {number('minBoroughs', 'Fewest boroughs', 'Default 2.', 2, 500)}
      {number('leadTimeMonths', 'Lead time (months)', "Default: the category's.", 0, 60)}
      <div>
        <label for="useExtensions">Use extensions</label>
        <select id="useExtensions" name="useExtensions">
          <option value="true" selected={one(query, 'useExtensions') !== 'false'}>
            Yes, align with advertised extensions
          </option>
          <option value="false" selected={one(query, 'useExtensions') === 'false'}>
            No, contract ends only
          </option>
        </select>
      </div>
      <div>
        <label for="asOf">
          As of<span class="hint">Default today ({asOf}).</span>
        </label>
        <input id="asOf" name="asOf" type="date" value={one(query, 'asOf')} />
      </div>
      <div class="actions">
        <button type="submit">Show opportunities</button>
        <a class="button secondary" href="/clusters">
          Clear
        </a>
      </div>
    </form>
  );
}
