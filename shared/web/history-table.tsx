import type { FC } from 'hono/jsx';
import { type Actor, roleNames } from '../domain/users';
import { formatUkDateTime } from '../time/uk-dates';
import { Table } from './govuk-components';

/** An append-only history as a GOV.UK table, oldest first: when, who (and in what role), what. */
export const HistoryTable: FC<{
  caption: string;
  entries: { at: string; actor: Actor; detail: string }[];
}> = ({ caption, entries }) => (
  <Table caption={caption} captionClass="govuk-visually-hidden" headings={['When', 'Who', 'What']}>
    {entries.map((entry) => (
      <tr class="govuk-table__row">
        <td class="govuk-table__cell">{formatUkDateTime(entry.at)}</td>
        <td class="govuk-table__cell">
          {entry.actor.name} ({roleNames[entry.actor.role]})
        </td>
        <td class="govuk-table__cell">{entry.detail}</td>
      </tr>
    ))}
  </Table>
);
