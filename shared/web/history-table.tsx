import type { FC } from 'hono/jsx';
import { type Actor, roleNames } from '../domain/users';
import { formatUkDateTime } from '../time/uk-dates';

/** An append-only history as a GOV.UK table, oldest first: when, who (and in what role), what. */
export const HistoryTable: FC<{
  caption: string;
  entries: { at: string; actor: Actor; detail: string }[];
}> = ({ caption, entries }) => (
  <table class="govuk-table">
    <caption class="govuk-table__caption govuk-visually-hidden">{caption}</caption>
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        <th scope="col" class="govuk-table__header">
          When
        </th>
        <th scope="col" class="govuk-table__header">
          Who
        </th>
        <th scope="col" class="govuk-table__header">
          What
        </th>
      </tr>
    </thead>
    <tbody class="govuk-table__body">
      {entries.map((entry) => (
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">{formatUkDateTime(entry.at)}</td>
          <td class="govuk-table__cell">
            {entry.actor.name} ({roleNames[entry.actor.role]})
          </td>
          <td class="govuk-table__cell">{entry.detail}</td>
        </tr>
      ))}
    </tbody>
  </table>
);
