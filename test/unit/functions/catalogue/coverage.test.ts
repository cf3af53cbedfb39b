import { describe, expect, it } from 'vitest';
import { coverageOf, districtOrder } from '../../../../functions/catalogue/domain/coverage';
import { coverageCsv } from '../../../../functions/catalogue/pages/coverage-pages';
import { listing } from './fixtures';

const dt1 = { district: 'DT1', latitude: 50.71093, longitude: -2.44052 };
const dt7 = { district: 'DT7', latitude: 50.7286, longitude: -2.94657 };

describe('coverage', () => {
  const listings = [
    listing({
      activityId: 'a',
      district: 'DT1',
      lotId: 'hub',
      weeklyPlaces: 20,
      eveningPlaces: 10,
      weekendPlaces: 0,
      latitude: 50.712,
      longitude: -2.44,
    }),
    listing({
      activityId: 'b',
      district: 'DT1',
      lotId: 'spokes',
      weeklyPlaces: 10,
      eveningPlaces: 0,
      weekendPlaces: 10,
      latitude: 50.71,
      longitude: -2.43,
    }),
  ];

  it('adds up activities and weekly places by district and lot, with evening and weekend shares', () => {
    const coverage = coverageOf(listings, [dt1, dt7], 5);
    const row = coverage.districts.find((d) => d.district === 'DT1');
    expect(row).toMatchObject({
      activities: 2,
      weeklyPlaces: 30,
      eveningPlaces: 10,
      weekendPlaces: 10,
      byLot: { hub: { activities: 1, weeklyPlaces: 20 }, spokes: { activities: 1, weeklyPlaces: 10 } },
      gap: false,
    });
    expect(coverage.totals).toEqual({
      activities: 2,
      weeklyPlaces: 30,
      eveningShare: 1 / 3,
      weekendShare: 1 / 3,
    });
  });

  it('marks districts with nothing within the distance, gaps first, and how far the nearest is', () => {
    const coverage = coverageOf(listings, [dt1, dt7], 5);
    expect(coverage.districts.map((d) => d.district)).toEqual(['DT7', 'DT1']);
    const lyme = coverage.districts[0];
    expect(lyme?.gap).toBe(true);
    expect(lyme?.nearestMiles).toBeGreaterThan(20);
    expect(coverageOf(listings, [dt7], 20).districts[0]?.gap).toBe(true);
    expect(coverageOf([], [dt1], 20).districts[0]).toMatchObject({ gap: true, nearestMiles: undefined });
  });

  it('counts a district whose centre is unknown, never calls it a gap, and lists it after the gaps', () => {
    const inSp8 = listing({
      activityId: 'c',
      district: 'SP8',
      lotId: 'hub',
      weeklyPlaces: 6,
      eveningPlaces: 0,
      weekendPlaces: 0,
    });
    const coverage = coverageOf([...listings, inSp8], [dt1, dt7], 5, [
      { district: 'SP8', why: 'unknown' },
      { district: 'BH1', why: 'lookup-unavailable' },
    ]);
    expect(coverage.districts.map((d) => [d.district, d.gap, d.centreKnown])).toEqual([
      ['DT7', true, true],
      ['BH1', false, false],
      ['SP8', false, false],
      ['DT1', false, true],
    ]);
    expect(coverage.districts.find((d) => d.district === 'SP8')).toMatchObject({
      activities: 1,
      weeklyPlaces: 6,
      byLot: { hub: { activities: 1, weeklyPlaces: 6 } },
      nearestMiles: undefined,
    });
    expect(coverage.totals.activities).toBe(3);
    const csv = coverageCsv(coverage, [{ id: 'hub', name: 'Hub' }]).split('\r\n');
    expect(csv.find((line) => line.startsWith('SP8,'))).toBe('SP8,1,6,6,0,0,,centre unknown');
  });

  it('orders districts as people read them: BH2 before BH10', () => {
    expect(['BH10', 'DT1', 'BH2', 'BH1'].sort(districtOrder)).toEqual(['BH1', 'BH2', 'BH10', 'DT1']);
  });

  it('writes a CSV, quoting cells that hold commas', () => {
    const csv = coverageCsv(coverageOf(listings, [dt1], 5), [
      { id: 'hub', name: 'Hub, building-based' },
      { id: 'spokes', name: 'Spokes' },
    ]);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe(
      'district,activities,weekly places,"weekly places: Hub, building-based",weekly places: Spokes,evening places,weekend places,nearest activity (miles),nothing within 5 miles',
    );
    expect(row).toMatch(/^DT1,2,30,20,10,10,10,0\.\d,no$/);
  });
});
