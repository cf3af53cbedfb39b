/**
 * Centres of the postcode districts the demo councils cover (Dorset: DT, BCP: BH), so the local
 * stack can search "near me" and draw coverage with no network. Imported full postcodes
 * (scripts/import-postcodes.ts) take precedence where present. Only the offline lookup reads this
 * table; in AWS every district's centre comes from postcodes.io.
 */
export interface DistrictCentroid {
  district: string;
  latitude: number;
  longitude: number;
}

export const districtCentroids: readonly DistrictCentroid[] = [
  { district: 'BH1', latitude: 50.72427, longitude: -1.85973 },
  { district: 'BH2', latitude: 50.72159, longitude: -1.88099 },
  { district: 'BH3', latitude: 50.73508, longitude: -1.87954 },
  { district: 'BH4', latitude: 50.72071, longitude: -1.89799 },
  { district: 'BH5', latitude: 50.72513, longitude: -1.83422 },
  { district: 'BH6', latitude: 50.72688, longitude: -1.80446 },
  { district: 'BH7', latitude: 50.73502, longitude: -1.83135 },
  { district: 'BH8', latitude: 50.74044, longitude: -1.85118 },
  { district: 'BH9', latitude: 50.74946, longitude: -1.871 },
  { district: 'BH10', latitude: 50.75847, longitude: -1.89082 },
  { district: 'BH11', latitude: 50.76119, longitude: -1.91634 },
  { district: 'BH12', latitude: 50.73692, longitude: -1.9263 },
  { district: 'BH13', latitude: 50.70993, longitude: -1.91785 },
  { district: 'BH14', latitude: 50.72164, longitude: -1.94333 },
  { district: 'BH15', latitude: 50.72165, longitude: -1.98442 },
  { district: 'BH16', latitude: 50.73783, longitude: -2.04394 },
  { district: 'BH17', latitude: 50.74593, longitude: -1.97449 },
  { district: 'BH18', latitude: 50.75853, longitude: -1.99291 },
  { district: 'BH19', latitude: 50.61102, longitude: -1.9689 },
  { district: 'BH20', latitude: 50.68648, longitude: -2.14582 },
  { district: 'BH21', latitude: 50.81248, longitude: -1.97303 },
  { district: 'BH22', latitude: 50.80524, longitude: -1.88787 },
  { district: 'BH23', latitude: 50.74567, longitude: -1.75335 },
  { district: 'BH24', latitude: 50.84377, longitude: -1.78551 },
  { district: 'BH25', latitude: 50.75173, longitude: -1.65692 },
  { district: 'BH31', latitude: 50.87537, longitude: -1.87207 },
  { district: 'DT1', latitude: 50.71093, longitude: -2.44052 },
  { district: 'DT2', latitude: 50.74955, longitude: -2.45365 },
  { district: 'DT3', latitude: 50.64067, longitude: -2.46674 },
  { district: 'DT4', latitude: 50.60921, longitude: -2.4636 },
  { district: 'DT5', latitude: 50.54724, longitude: -2.44041 },
  { district: 'DT6', latitude: 50.73886, longitude: -2.77528 },
  { district: 'DT7', latitude: 50.7286, longitude: -2.94657 },
  { district: 'DT8', latitude: 50.81632, longitude: -2.7581 },
  { district: 'DT9', latitude: 50.94086, longitude: -2.51529 },
  { district: 'DT10', latitude: 50.93702, longitude: -2.33306 },
  { district: 'DT11', latitude: 50.86091, longitude: -2.18047 },
];

const byDistrict = new Map(districtCentroids.map((row) => [row.district, row]));

export function findDistrict(district: string): DistrictCentroid | undefined {
  return byDistrict.get(district.trim().toUpperCase());
}
