import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../table/client';
import { findDistrict } from './district-centroids';
import type { PostcodeLocation, PostcodeLookup } from './lookup';
import { parsePostcode } from './postcode';

/**
 * Imported postcodes (scripts/import-postcodes.ts). Keys:
 *   PK = POSTCODE#<outward>, SK = POSTCODE#<full postcode>   e.g. POSTCODE#DT1 / POSTCODE#DT1 1AA
 * Partitioning by district spreads a national import over a few thousand partitions and keeps a
 * district's postcodes together should a later pattern need them. Postcodes are national
 * reference data, not a council's, so these items carry no councilId or version.
 */
const keys = {
  item: (outward: string, postcode: string) => ({ PK: `POSTCODE#${outward}`, SK: `POSTCODE#${postcode}` }),
};

export interface ImportedPostcode {
  /** Normalised, e.g. "DT1 1AA". */
  postcode: string;
  outward: string;
  latitude: number;
  longitude: number;
}

/** The stored item for an imported postcode; the import command writes exactly this. */
export function postcodeItem(postcode: ImportedPostcode): Record<string, unknown> {
  return {
    ...keys.item(postcode.outward, postcode.postcode),
    entity: 'Postcode',
    latitude: postcode.latitude,
    longitude: postcode.longitude,
  };
}

/**
 * The local lookup: an imported postcode when there is one, otherwise the centre of its district,
 * so the demo councils work with nothing imported. Without a table only districts are used.
 * District centres come from the demo councils' table only: another council's districts are
 * unknown here (and said to be so), as they are to any lookup that has never heard of them.
 */
export function createOfflinePostcodeLookup(table?: Table): PostcodeLookup {
  const districtLocation = (postcode: string, district: string): PostcodeLocation | undefined => {
    const centroid = findDistrict(district);
    return centroid
      ? {
          postcode,
          district,
          latitude: centroid.latitude,
          longitude: centroid.longitude,
          precision: 'district',
        }
      : undefined;
  };

  return {
    async findDistrictCentre(input) {
      const parsed = parsePostcode(input);
      if (!parsed.ok || parsed.kind !== 'district') return undefined;
      const centroid = findDistrict(parsed.outward);
      return (
        centroid && { district: parsed.outward, latitude: centroid.latitude, longitude: centroid.longitude }
      );
    },

    async find(input) {
      const parsed = parsePostcode(input);
      if (!parsed.ok) return undefined;
      if (parsed.kind === 'district') return districtLocation(parsed.postcode, parsed.outward);
      if (table) {
        const { Item } = await table.client.send(
          new GetCommand({ TableName: table.name, Key: keys.item(parsed.outward, parsed.postcode) }),
        );
        if (Item && typeof Item.latitude === 'number' && typeof Item.longitude === 'number') {
          return {
            postcode: parsed.postcode,
            district: parsed.outward,
            latitude: Item.latitude,
            longitude: Item.longitude,
            precision: 'postcode',
          };
        }
      }
      return districtLocation(parsed.postcode, parsed.outward);
    },
  };
}
