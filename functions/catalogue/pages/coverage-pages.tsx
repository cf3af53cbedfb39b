import type { FC } from 'hono/jsx';
import { csvDocument } from '../../../shared/web/csv';
import { SvgFigure, Table, WarningText } from '../../../shared/web/govuk-components';
import { Layout, type PageChrome } from '../../../shared/web/layout';
import type { Coverage, District, DistrictCoverage, UnplacedDistrict } from '../domain/coverage';
import { distancesMiles } from '../domain/search';

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);
const miles = (value: number | undefined) => (value === undefined ? 'none' : `${value.toFixed(1)} miles`);

/**
 * A map-like picture: each district a circle at its centre, sized by weekly places; districts with
 * nothing within the chosen distance are drawn hollow and dashed. No tiles, nothing external.
 */
const CoverageMap: FC<{ coverage: Coverage; districts: District[] }> = ({ coverage, districts }) => {
  if (!districts.length) return null;
  const width = 640;
  const height = 420;
  const pad = 40;
  const lats = districts.map((d) => d.latitude);
  const lons = districts.map((d) => d.longitude);
  const [minLat, maxLat, minLon, maxLon] = [
    Math.min(...lats),
    Math.max(...lats),
    Math.min(...lons),
    Math.max(...lons),
  ];
  // Longitude degrees are shorter than latitude ones this far north: scale so the shape is true.
  const squash = Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180));
  const spanX = Math.max(0.01, (maxLon - minLon) * squash);
  const spanY = Math.max(0.01, maxLat - minLat);
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const x = (lon: number) => pad + (lon - minLon) * squash * scale;
  const y = (lat: number) => height - pad - (lat - minLat) * scale;
  const rowFor = new Map(coverage.districts.map((row) => [row.district, row]));
  const gaps = coverage.districts.filter((row) => row.gap).map((row) => row.district);
  return (
    <SvgFigure
      id="coverage-map"
      width={width}
      height={height}
      // Our CSP allows no inline style: a GOV.UK width class keeps the map from filling a wide screen.
      svgClass="govuk-!-width-two-thirds"
      title="Weekly places by postcode district"
      description={`Circles sized by weekly places. ${gaps.length ? `Nothing within ${coverage.withinMiles} miles of ${gaps.join(', ')}.` : `Every district has an activity within ${coverage.withinMiles} miles.`} The table below has the same figures.`}
      caption={
        <>
          Filled circles: weekly places in the district. Dashed red rings: nothing within{' '}
          {coverage.withinMiles} miles of the district's centre.
        </>
      }
    >
      {districts.map((district) => {
        const row = rowFor.get(district.district) as DistrictCoverage | undefined;
        const places = row?.weeklyPlaces ?? 0;
        const radius = Math.min(36, 5 + Math.sqrt(places) * 1.6);
        return (
          <g>
            <circle
              cx={x(district.longitude).toFixed(1)}
              cy={y(district.latitude).toFixed(1)}
              r={radius.toFixed(1)}
              fill={row?.gap ? 'none' : '#1d70b8'}
              fill-opacity={row?.gap ? undefined : '0.55'}
              stroke={row?.gap ? '#d4351c' : '#003078'}
              stroke-width="2"
              stroke-dasharray={row?.gap ? '4 3' : undefined}
            />
            <text
              x={x(district.longitude).toFixed(1)}
              y={(y(district.latitude) - radius - 4).toFixed(1)}
              text-anchor="middle"
              font-size="12"
              font-family="sans-serif"
              fill="#0b0c0c"
            >
              {district.district}
            </text>
          </g>
        );
      })}
    </SvgFigure>
  );
};

/** "DT1", "DT1 and DT2", "DT1, DT2 and DT3" */
const listed = (names: string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');

/**
 * Districts the map and the gaps leave out, said plainly: a council's district that the lookup
 * does not know, or every district while the lookup is not answering.
 */
const UnplacedWarnings: FC<{ unplaced: UnplacedDistrict[] }> = ({ unplaced }) => {
  const unknown = unplaced.filter((district) => district.why === 'unknown').map((d) => d.district);
  const unavailable = unplaced
    .filter((district) => district.why === 'lookup-unavailable')
    .map((d) => d.district);
  const one = (names: string[]) => names.length === 1;
  return (
    <>
      {unknown.length ? (
        <WarningText>
          We do not know where the centre of {listed(unknown)} is, so {one(unknown) ? 'it is' : 'they are'}{' '}
          not on the map and we cannot say whether {one(unknown) ? 'it is a gap' : 'they are gaps'}.
          Activities there are still counted. Check the council's list of postcode districts.
        </WarningText>
      ) : null}
      {unavailable.length ? (
        <WarningText>
          The postcode lookup is not answering, so {listed(unavailable)} {one(unavailable) ? 'is' : 'are'} not
          on the map and we cannot say whether {one(unavailable) ? 'it is a gap' : 'they are gaps'}.
          Activities there are still counted. Try again in a few minutes.
        </WarningText>
      ) : null}
    </>
  );
};

export const CoveragePage: FC<{
  chrome: PageChrome;
  coverage: Coverage;
  districts: District[];
  unplaced: UnplacedDistrict[];
  lots: { id: string; name: string }[];
}> = ({ chrome, coverage, districts, unplaced, lots }) => (
  <Layout {...chrome}>
    <h1 class="govuk-heading-xl">Coverage</h1>
    <p class="govuk-body">
      Bookable activities and the places they offer in a usual week, by postcode district and lot. Activities
      that are drafts, withdrawn, or run by a suspended member are not counted.
    </p>
    <form method="get" action="/catalogue/coverage" novalidate class="govuk-!-margin-bottom-6">
      <div class="govuk-form-group">
        <label class="govuk-label" for="distance">
          Show districts with nothing within
        </label>
        <select class="govuk-select" id="distance" name="distance">
          {distancesMiles.map((value) => (
            <option value={String(value)} selected={value === coverage.withinMiles}>
              {value} miles
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        Update
      </button>
    </form>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-one-third">
        <p class="govuk-body">
          <span class="govuk-heading-l govuk-!-margin-bottom-0">{coverage.totals.activities}</span> activities
        </p>
      </div>
      <div class="govuk-grid-column-one-third">
        <p class="govuk-body">
          <span class="govuk-heading-l govuk-!-margin-bottom-0">{coverage.totals.weeklyPlaces}</span> places a
          week
        </p>
      </div>
      <div class="govuk-grid-column-one-third">
        <p class="govuk-body">
          <span class="govuk-heading-l govuk-!-margin-bottom-0">
            {Math.round(coverage.totals.eveningShare * 100)}% /{' '}
            {Math.round(coverage.totals.weekendShare * 100)}%
          </span>{' '}
          of places in evenings / at weekends
        </p>
      </div>
    </div>
    <UnplacedWarnings unplaced={unplaced} />
    <CoverageMap coverage={coverage} districts={districts} />
    <p class="govuk-body">
      <a class="govuk-link" href={`/catalogue/coverage.csv?distance=${coverage.withinMiles}`} download>
        Download these figures (CSV)
      </a>
    </p>
    <Table
      caption="By postcode district, gaps first"
      headings={[
        'District',
        { text: 'Activities', numeric: true },
        { text: 'Places a week', numeric: true },
        ...lots.map((lot) => ({ text: lot.name, numeric: true as const })),
        { text: 'Evening', numeric: true },
        { text: 'Weekend', numeric: true },
        'Nearest activity',
      ]}
    >
      {coverage.districts.map((row) => (
        <tr class="govuk-table__row">
          <th scope="row" class="govuk-table__header">
            {row.district}
            {row.gap ? <strong class="govuk-tag govuk-tag--red govuk-!-margin-left-2">Gap</strong> : null}
            {row.centreKnown ? null : (
              <strong class="govuk-tag govuk-tag--grey govuk-!-margin-left-2">Centre unknown</strong>
            )}
          </th>
          <td class="govuk-table__cell govuk-table__cell--numeric">{row.activities}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">{row.weeklyPlaces}</td>
          {lots.map((lot) => (
            <td class="govuk-table__cell govuk-table__cell--numeric">
              {row.byLot[lot.id]?.weeklyPlaces ?? 0}
            </td>
          ))}
          <td class="govuk-table__cell govuk-table__cell--numeric">
            {percent(row.eveningPlaces, row.weeklyPlaces)}
          </td>
          <td class="govuk-table__cell govuk-table__cell--numeric">
            {percent(row.weekendPlaces, row.weeklyPlaces)}
          </td>
          <td class="govuk-table__cell">{row.centreKnown ? miles(row.nearestMiles) : 'Not known'}</td>
        </tr>
      ))}
    </Table>
  </Layout>
);

export function coverageCsv(coverage: Coverage, lots: { id: string; name: string }[]): string {
  const header = [
    'district',
    'activities',
    'weekly places',
    ...lots.map((lot) => `weekly places: ${lot.name}`),
    'evening places',
    'weekend places',
    'nearest activity (miles)',
    `nothing within ${coverage.withinMiles} miles`,
  ];
  const rows = coverage.districts.map((row) => [
    row.district,
    row.activities,
    row.weeklyPlaces,
    ...lots.map((lot) => row.byLot[lot.id]?.weeklyPlaces ?? 0),
    row.eveningPlaces,
    row.weekendPlaces,
    row.nearestMiles === undefined ? '' : row.nearestMiles.toFixed(1),
    row.centreKnown ? (row.gap ? 'yes' : 'no') : 'centre unknown',
  ]);
  return csvDocument([header, ...rows]);
}
