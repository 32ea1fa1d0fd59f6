import type { NamedEntry } from '../../systems/systems.service';
import { DateText } from './dates';
import { DECISION_LABEL, readableMoney } from './format';

/** Entries as a table, each naming its borough, supplier and product with links to their pages. */
export function SystemsTable({ entries, caption }: { entries: NamedEntry[]; caption: string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Borough</th>
            <th scope="col">System</th>
            <th scope="col">Category</th>
            <th scope="col">Supplier</th>
            <th scope="col">Product</th>
            <th scope="col">Contract ends</th>
            <th scope="col">Furthest extension</th>
            <th scope="col" class="num">
              Annual value
            </th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(({ system, borough, category, supplier, product }) => (
            <tr key={system.id}>
              <td>
                <a href={`/boroughs/${borough.gssCode}#system-${system.id}`}>{borough.shortName}</a>
              </td>
              <td>{system.name}</td>
              <td>{category.name}</td>
              <td>
                <a href={`/suppliers/${supplier.id}`}>{supplier.name}</a>
              </td>
              <td>{product ? <a href={`/products/${product.id}`}>{product.name}</a> : '—'}</td>
              <td>
                <DateText date={system.contractEnd} />
              </td>
              <td>
                <DateText date={system.maxExtentDate} />
              </td>
              <td class="num">{readableMoney(system.annualValueGbp)}</td>
              <td>{DECISION_LABEL[system.renewalDecision]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
