import { distanceMiles, type Point } from './geo';
import type { Listing } from './listing';

/**
 * Where provision is thin: what a council's bookable activities offer in each of its postcode
 * districts and lots, the share in evenings and at weekends, and the districts with nothing
 * within a chosen distance of their centre. Plain arithmetic over listings.
 */
export interface District extends Point {
  district: string;
}

/**
 * A council district whose centre could not be found: the lookup does not know it, or was not
 * answering. Its activities still count; whether it is a gap cannot be said.
 */
export interface UnplacedDistrict {
  district: string;
  why: 'unknown' | 'lookup-unavailable';
}

export interface DistrictCoverage {
  district: string;
  activities: number;
  weeklyPlaces: number;
  eveningPlaces: number;
  weekendPlaces: number;
  byLot: Record<string, { activities: number; weeklyPlaces: number }>;
  /** Miles from the district's centre to the nearest activity anywhere in the council; undefined when there are none or the centre is unknown. */
  nearestMiles: number | undefined;
  /** Nothing within the chosen distance of the district's centre (never said of a district whose centre is unknown). */
  gap: boolean;
  /** False when the district's centre could not be found, so distances from it cannot be measured. */
  centreKnown: boolean;
}

export interface Coverage {
  withinMiles: number;
  districts: DistrictCoverage[];
  totals: { activities: number; weeklyPlaces: number; eveningShare: number; weekendShare: number };
}

export const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export function coverageOf(
  listings: Listing[],
  districts: District[],
  withinMiles: number,
  unplaced: UnplacedDistrict[] = [],
): Coverage {
  const rowOf = (district: string, centre: Point | undefined): DistrictCoverage => {
    const here = listings.filter((listing) => listing.district === district);
    const byLot: DistrictCoverage['byLot'] = {};
    for (const listing of here) {
      const lot = byLot[listing.lotId] ?? { activities: 0, weeklyPlaces: 0 };
      lot.activities += 1;
      lot.weeklyPlaces += listing.weeklyPlaces;
      byLot[listing.lotId] = lot;
    }
    const nearestMiles =
      centre && listings.length
        ? Math.min(...listings.map((listing) => distanceMiles(centre, listing)))
        : undefined;
    return {
      district,
      activities: here.length,
      weeklyPlaces: here.reduce((sum, listing) => sum + listing.weeklyPlaces, 0),
      eveningPlaces: here.reduce((sum, listing) => sum + listing.eveningPlaces, 0),
      weekendPlaces: here.reduce((sum, listing) => sum + listing.weekendPlaces, 0),
      byLot,
      nearestMiles,
      gap: centre !== undefined && (nearestMiles === undefined || nearestMiles > withinMiles),
      centreKnown: centre !== undefined,
    };
  };
  const rows = [
    ...districts.map((district) => rowOf(district.district, district)),
    ...unplaced.map((district) => rowOf(district.district, undefined)),
  ];
  // Gaps first, then districts whose centre is unknown (any of them may be a gap), then the rest.
  const attention = (row: DistrictCoverage) => (row.gap ? 0 : row.centreKnown ? 2 : 1);
  const weeklyPlaces = listings.reduce((sum, listing) => sum + listing.weeklyPlaces, 0);
  return {
    withinMiles,
    districts: rows.sort((a, b) => attention(a) - attention(b) || districtOrder(a.district, b.district)),
    totals: {
      activities: listings.length,
      weeklyPlaces,
      eveningShare: share(
        listings.reduce((sum, listing) => sum + listing.eveningPlaces, 0),
        weeklyPlaces,
      ),
      weekendShare: share(
        listings.reduce((sum, listing) => sum + listing.weekendPlaces, 0),
        weeklyPlaces,
      ),
    },
  };
}

/** BH2 before BH10: letters, then the number as a number. */
export function districtOrder(a: string, b: string): number {
  const split = (district: string) =>
    [district.replace(/\d.*$/, ''), Number.parseInt(district.replace(/^\D+/, ''), 10)] as const;
  const [letterA, numberA] = split(a);
  const [letterB, numberB] = split(b);
  return letterA.localeCompare(letterB) || numberA - numberB;
}
