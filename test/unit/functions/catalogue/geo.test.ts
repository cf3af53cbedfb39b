import { describe, expect, it } from 'vitest';
import {
  type Cell,
  type CellRange,
  cellBits,
  cellBounds,
  cellOf,
  cellOfBits,
  cellRange,
  cellsBetween,
  childrenOf,
  distanceMiles,
  fullBits,
  geohash,
  mergeRanges,
  minDistanceMiles,
  neighbours,
  type Point,
  parentOf,
  partitionBits,
} from '../../../../functions/catalogue/domain/geo';
import { dorchester, mulberry32 } from './fixtures';

const bournemouth = { latitude: 50.7192, longitude: -1.8808 };

/** The textbook geohash: halve longitude then latitude in turn, five bits to a character. */
function textbookGeohash(latitude: number, longitude: number, precision = 9): string {
  const alphabet = '0123456789bcdefghjkmnpqrstuvwxyz';
  const lat = [-90, 90];
  const lon = [-180, 180];
  let hash = '';
  let value = 0;
  let bits = 0;
  let evenBit = true;
  while (hash.length < precision) {
    const [range, coordinate] = evenBit ? [lon, longitude] : [lat, latitude];
    const mid = ((range[0] as number) + (range[1] as number)) / 2;
    if (coordinate >= mid) {
      value = value * 2 + 1;
      range[0] = mid;
    } else {
      value *= 2;
      range[1] = mid;
    }
    evenBit = !evenBit;
    if (++bits === 5) {
      hash += alphabet[value];
      bits = 0;
      value = 0;
    }
  }
  return hash;
}

/** The cell whose bits (longitude first) are these. */
function cellFromBits(bits: string): Cell {
  let x = '';
  let y = '';
  for (let i = 0; i < bits.length; i++) {
    if (i % 2 === 0) x += bits[i];
    else y += bits[i];
  }
  return { depth: bits.length, x: x ? Number.parseInt(x, 2) : 0, y: y ? Number.parseInt(y, 2) : 0 };
}

const inRange = (hash: string, range: CellRange) =>
  hash.startsWith(range.partition) && hash >= range.from && hash <= range.to;

/** A point strictly inside a cell: fractions of the way across it, kept off the edges. */
function pointIn(cell: Cell, fx: number, fy: number): Point {
  const b = cellBounds(cell);
  const f = (value: number) => 0.01 + value * 0.98;
  return {
    longitude: b.minLongitude + f(fx) * (b.maxLongitude - b.minLongitude),
    latitude: b.minLatitude + f(fy) * (b.maxLatitude - b.minLatitude),
  };
}

describe('geohash', () => {
  it('matches the standard geohash of a well-known point', () => {
    expect(geohash({ latitude: 57.64911, longitude: 10.40744 })).toBe('u4pruydqq');
  });

  it('matches a textbook geohash for points in Dorset', () => {
    const points = [
      dorchester,
      bournemouth,
      { latitude: 50.6139, longitude: -2.4571 }, // Weymouth
      { latitude: 50.9466, longitude: -2.5153 }, // Sherborne
      { latitude: 50.7336, longitude: -2.7584 }, // Bridport
    ];
    for (const point of points) {
      const hash = geohash(point);
      expect(hash).toBe(textbookGeohash(point.latitude, point.longitude));
    }
    expect(geohash(dorchester)).toBe(textbookGeohash(50.7154, -2.4367));
    expect(textbookGeohash(50.7154, -2.4367)).toBe('gcn2883ws');
    // Weymouth is just south of the 50.625 degree line between the gb and gc cells.
    expect(geohash({ latitude: 50.6139, longitude: -2.4571 }).slice(0, 2)).toBe('gb');
  });

  it('matches a textbook geohash for a thousand random points anywhere', () => {
    const random = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const latitude = random() * 180 - 90;
      const longitude = random() * 360 - 180;
      expect(geohash({ latitude, longitude })).toBe(textbookGeohash(latitude, longitude));
    }
  });

  it('puts the corners of the world in the first and last cells', () => {
    expect(geohash({ latitude: -90, longitude: -180 })).toBe('000000000');
    expect(geohash({ latitude: 90, longitude: 180 })).toBe('zzzzzzzzz');
  });
});

describe('cellOf and cellBits', () => {
  it('interleaves longitude and latitude bits, longitude first', () => {
    expect(cellOf({ latitude: 0, longitude: 0 }, 3)).toEqual({ depth: 3, x: 2, y: 1 });
    expect(cellBits({ depth: 3, x: 2, y: 1 })).toBe('110');
    expect(cellBits({ depth: 4, x: 1, y: 2 })).toBe('0110');
  });

  it('gives as many bits as the depth, and a prefix of the deeper cell', () => {
    const full = cellBits(cellOf(dorchester, fullBits));
    for (const depth of [15, 16, 21, 30, 36]) {
      const bits = cellBits(cellOf(dorchester, depth));
      expect(bits).toHaveLength(depth);
      expect(full.startsWith(bits)).toBe(true);
    }
  });

  it('puts the point inside the bounds of its cell', () => {
    for (const depth of [16, 25, 36]) {
      const b = cellBounds(cellOf(dorchester, depth));
      expect(dorchester.latitude).toBeGreaterThanOrEqual(b.minLatitude);
      expect(dorchester.latitude).toBeLessThan(b.maxLatitude);
      expect(dorchester.longitude).toBeGreaterThanOrEqual(b.minLongitude);
      expect(dorchester.longitude).toBeLessThan(b.maxLongitude);
    }
  });
});

describe('cellRange', () => {
  it('contains the geohash of every point inside the cell', () => {
    const random = mulberry32(7);
    for (const depth of [15, 20, 25, 30, 31]) {
      const cell = cellOf(dorchester, depth);
      const range = cellRange(cell);
      for (let i = 0; i < 200; i++)
        expect(inRange(geohash(pointIn(cell, random(), random())), range)).toBe(true);
    }
  });

  it('does not contain the geohash of points just outside the cell on any side', () => {
    for (const depth of [16, 25, 30]) {
      const cell = cellOf(dorchester, depth);
      const range = cellRange(cell);
      const b = cellBounds(cell);
      const midLat = (b.minLatitude + b.maxLatitude) / 2;
      const midLon = (b.minLongitude + b.maxLongitude) / 2;
      const step = (b.maxLatitude - b.minLatitude) / 100;
      const outside = [
        { latitude: b.maxLatitude + step, longitude: midLon },
        { latitude: b.minLatitude - step, longitude: midLon },
        { latitude: midLat, longitude: b.maxLongitude + step },
        { latitude: midLat, longitude: b.minLongitude - step },
        { latitude: b.maxLatitude + step, longitude: b.maxLongitude + step },
      ];
      for (const point of outside) expect(inRange(geohash(point), range)).toBe(false);
    }
  });

  it('names the partition by the first three characters, and runs from the first to the last full geohash', () => {
    const cell = cellOf(dorchester, 20);
    const range = cellRange(cell);
    const hash = geohash(dorchester);
    expect(range.partition).toBe(hash.slice(0, 3));
    expect(range.from).toHaveLength(9);
    expect(range.to).toHaveLength(9);
    // 20 bits is four whole characters; the rest run from all zeros to all ones.
    expect(range.from).toBe(`${hash.slice(0, 4)}00000`);
    expect(range.to).toBe(`${hash.slice(0, 4)}zzzzz`);
  });

  it('is a single geohash at full depth', () => {
    const range = cellRange(cellOf(dorchester, fullBits));
    expect(range.from).toBe(geohash(dorchester));
    expect(range.to).toBe(geohash(dorchester));
  });

  it('refuses a cell shallower than a partition', () => {
    expect(partitionBits).toBe(15);
    expect(() => cellRange(cellOf(dorchester, 14))).toThrow(RangeError);
    expect(() => cellRange(cellOf(dorchester, 15))).not.toThrow();
  });
});

describe('neighbours', () => {
  it('gives the 8 distinct cells around a cell at the same depth, touching it', () => {
    const cell = cellOf(dorchester, 24);
    const around = neighbours(cell);
    expect(around).toHaveLength(8);
    expect(new Set(around.map((c) => `${c.x}:${c.y}`)).size).toBe(8);
    const b = cellBounds(cell);
    for (const neighbour of around) {
      expect(neighbour.depth).toBe(24);
      expect(Math.max(Math.abs(neighbour.x - cell.x), Math.abs(neighbour.y - cell.y))).toBe(1);
      const n = cellBounds(neighbour);
      const touches =
        (n.maxLongitude === b.minLongitude ||
          n.minLongitude === b.maxLongitude ||
          n.minLongitude === b.minLongitude) &&
        (n.maxLatitude === b.minLatitude ||
          n.minLatitude === b.maxLatitude ||
          n.minLatitude === b.minLatitude);
      expect(touches).toBe(true);
    }
  });

  it('covers a point just across each edge of the cell', () => {
    const cell = cellOf(dorchester, 24);
    const b = cellBounds(cell);
    const eps = (b.maxLatitude - b.minLatitude) / 10;
    const keys = new Set(neighbours(cell).map((c) => `${c.x}:${c.y}`));
    for (const latitude of [b.minLatitude - eps, (b.minLatitude + b.maxLatitude) / 2, b.maxLatitude + eps])
      for (const longitude of [
        b.minLongitude - eps,
        (b.minLongitude + b.maxLongitude) / 2,
        b.maxLongitude + eps,
      ]) {
        const other = cellOf({ latitude, longitude }, 24);
        if (other.x === cell.x && other.y === cell.y) continue;
        expect(keys.has(`${other.x}:${other.y}`)).toBe(true);
      }
  });

  it('gives only 3 at a corner of the world and 5 along an edge', () => {
    expect(neighbours({ depth: 20, x: 0, y: 0 })).toHaveLength(3);
    expect(neighbours({ depth: 20, x: 2 ** 10 - 1, y: 2 ** 10 - 1 })).toHaveLength(3);
    expect(neighbours({ depth: 20, x: 5, y: 0 })).toHaveLength(5);
  });
});

describe('mergeRanges', () => {
  const shuffle = <T>(items: T[], seed: number) => {
    const random = mulberry32(seed);
    return items
      .map((item) => ({ item, key: random() }))
      .sort((a, b) => a.key - b.key)
      .map(({ item }) => item);
  };
  const children = (parent: Cell, levels: number): Cell[] => {
    const bits = cellBits(parent);
    const all: Cell[] = [];
    for (let i = 0; i < 2 ** levels; i++) all.push(cellFromBits(bits + i.toString(2).padStart(levels, '0')));
    return all;
  };

  it('merges the 4 children of a cell into exactly the parent range, whatever their order', () => {
    for (const depth of [20, 21]) {
      const parent = cellOf(dorchester, depth);
      expect(mergeRanges(shuffle(children(parent, 2), depth))).toEqual([cellRange(parent)]);
    }
  });

  it('merges the 16 grandchildren of a cell into the parent range', () => {
    const parent = cellOf(dorchester, 22);
    expect(mergeRanges(shuffle(children(parent, 4), 3))).toEqual([cellRange(parent)]);
  });

  it('merges two z-order neighbours into one range and keeps apart cells that are not', () => {
    const [a, b, c, d] = children(cellOf(dorchester, 24), 2) as [Cell, Cell, Cell, Cell];
    expect(mergeRanges([b, a])).toEqual([{ ...cellRange(a), to: cellRange(b).to }]);
    expect(mergeRanges([d, a])).toEqual([cellRange(a), cellRange(d)]);
    expect(mergeRanges([a, b, d])).toEqual([{ ...cellRange(a), to: cellRange(b).to }, cellRange(d)]);
    expect(mergeRanges([c])).toEqual([cellRange(c)]);
  });

  it('does not merge z-order-consecutive cells in different partitions', () => {
    const partition = cellBits(cellOf(dorchester, partitionBits));
    const next = (Number.parseInt(partition, 2) + 1).toString(2).padStart(partitionBits, '0');
    const last = cellFromBits(`${partition}1`);
    const first = cellFromBits(`${next}0`);
    expect(Number.parseInt(cellBits(first), 2)).toBe(Number.parseInt(cellBits(last), 2) + 1);
    const merged = mergeRanges([first, last]);
    expect(merged).toEqual([cellRange(last), cellRange(first)]);
    expect(merged[0]?.partition).not.toBe(merged[1]?.partition);
  });

  it('covers exactly the geohashes of the cells it was given', () => {
    const centre = cellOf(dorchester, 26);
    const block = [centre, ...neighbours(centre)];
    const ranges = mergeRanges(block);
    expect(ranges.length).toBeLessThan(block.length);
    const keys = new Set(block.map((c) => `${c.x}:${c.y}`));
    const b = cellBounds(centre);
    const w = b.maxLongitude - b.minLongitude;
    const h = b.maxLatitude - b.minLatitude;
    const random = mulberry32(11);
    for (let i = 0; i < 2000; i++) {
      const point = {
        longitude: b.minLongitude - 2 * w + random() * 5 * w,
        latitude: b.minLatitude - 2 * h + random() * 5 * h,
      };
      const cell = cellOf(point, 26);
      const inside = keys.has(`${cell.x}:${cell.y}`);
      expect(ranges.some((range) => inRange(geohash(point), range))).toBe(inside);
    }
  });

  it('merges cells of different depths that follow each other in z-order', () => {
    const parent = cellOf(dorchester, 24);
    const [first, second] = children(parent, 1) as [Cell, Cell];
    const [third, fourth] = children(second, 1) as [Cell, Cell];
    // A half and the two quarters of the other half: the parent's range again.
    expect(mergeRanges([fourth, first, third])).toEqual([cellRange(parent)]);
    // A half and the far quarter leave a gap: two ranges.
    expect(mergeRanges([fourth, first])).toEqual([cellRange(first), cellRange(fourth)]);
  });

  it('does not change the ranges it was given', () => {
    const [a, b] = children(cellOf(dorchester, 24), 2) as [Cell, Cell];
    const before = cellRange(a);
    mergeRanges([a, b]);
    expect(cellRange(a)).toEqual(before);
  });
});

describe('parentOf and childrenOf', () => {
  it('go one bit up or down the geohash, longitude at odd depths and latitude at even ones', () => {
    for (const depth of [16, 17, 25, 26, 35]) {
      const cell = cellOf(dorchester, depth);
      const [left, right] = childrenOf(cell);
      expect(cellBits(left)).toBe(`${cellBits(cell)}0`);
      expect(cellBits(right)).toBe(`${cellBits(cell)}1`);
      expect(parentOf(left)).toEqual(cell);
      expect(parentOf(right)).toEqual(cell);
      expect(parentOf(cell)).toEqual(cellOf(dorchester, depth - 1));
      expect(childrenOf(cell)).toContainEqual(cellOf(dorchester, depth + 1));
    }
  });

  it('split a cell into two halves that share its bounds', () => {
    const cell = cellOf(dorchester, 21);
    const [a, b] = childrenOf(cell).map(cellBounds) as [
      ReturnType<typeof cellBounds>,
      ReturnType<typeof cellBounds>,
    ];
    const whole = cellBounds(cell);
    expect(Math.min(a.minLongitude, b.minLongitude)).toBeCloseTo(whole.minLongitude, 12);
    expect(Math.max(a.maxLongitude, b.maxLongitude)).toBeCloseTo(whole.maxLongitude, 12);
    expect(Math.min(a.minLatitude, b.minLatitude)).toBeCloseTo(whole.minLatitude, 12);
    expect(Math.max(a.maxLatitude, b.maxLatitude)).toBeCloseTo(whole.maxLatitude, 12);
  });
});

describe('cellOfBits and cellsBetween', () => {
  it('turns bits back into the cell they came from, at any depth', () => {
    for (const depth of [0, 1, 15, 16, 23, 30, 45]) {
      const cell = cellOf(dorchester, depth);
      expect(cellOfBits(cellBits(cell))).toEqual(cell);
    }
  });

  it('covers exactly the geohashes from one to the other, both included, with cells that do not overlap', () => {
    const random = mulberry32(45);
    for (let trial = 0; trial < 20; trial++) {
      const points = Array.from({ length: 400 }, () => ({
        latitude: 50 + random() * 2,
        longitude: -3 + random() * 2,
      }));
      const hashes = points.map(geohash).sort();
      const from = hashes[Math.floor(random() * 200)] as string;
      const to = hashes[200 + Math.floor(random() * 199)] as string;
      const cells = cellsBetween(from, to).map(cellBits);
      // Two a depth at most: the stretch's ragged start and end.
      expect(cells.length).toBeLessThanOrEqual(2 * fullBits);
      for (const point of points) {
        const hash = geohash(point);
        const bits = cellBits(cellOf(point, fullBits));
        const inside = cells.filter((cell) => bits.startsWith(cell));
        expect(inside.length).toBe(from <= hash && hash <= to ? 1 : 0);
      }
    }
  });

  it('is one cell for a whole cell, and one full-depth cell for a single geohash', () => {
    const cell = cellOf(dorchester, 24);
    const { from, to } = cellRange(cell);
    expect(cellsBetween(from, to)).toEqual([cell]);
    const here = geohash(dorchester);
    expect(cellsBetween(here, here)).toEqual([cellOf(dorchester, fullBits)]);
  });
});

describe('distanceMiles', () => {
  it('puts Dorchester about 24.4 miles from Bournemouth', () => {
    expect(Math.abs(distanceMiles(dorchester, bournemouth) - 24.4)).toBeLessThanOrEqual(0.5);
  });

  it('is zero to the same place and the same either way round', () => {
    expect(distanceMiles(dorchester, dorchester)).toBe(0);
    expect(distanceMiles(dorchester, bournemouth)).toBeCloseTo(distanceMiles(bournemouth, dorchester), 10);
  });

  it('makes one degree of latitude about 69.1 miles and half the world about 12,437 miles', () => {
    expect(distanceMiles({ latitude: 50, longitude: 0 }, { latitude: 51, longitude: 0 })).toBeCloseTo(
      69.09,
      1,
    );
    expect(distanceMiles({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 })).toBeCloseTo(
      Math.PI * 3958.8,
      3,
    );
  });
});

describe('minDistanceMiles', () => {
  const cell = cellOf(dorchester, 24);
  const b = cellBounds(cell);

  it('is 0 for a point inside the cell', () => {
    expect(minDistanceMiles(dorchester, cell)).toBe(0);
    expect(minDistanceMiles(pointIn(cell, 0.9, 0.1), cell)).toBe(0);
  });

  it('is positive for a point outside, and no more than the distance to any point inside', () => {
    const random = mulberry32(5);
    const outside = { latitude: b.maxLatitude + 0.1, longitude: b.maxLongitude + 0.2 };
    const min = minDistanceMiles(outside, cell);
    expect(min).toBeGreaterThan(0);
    for (let i = 0; i < 200; i++)
      expect(distanceMiles(outside, pointIn(cell, random(), random()))).toBeGreaterThanOrEqual(min);
  });

  it('is the distance to the nearest corner for a point off a corner, and to the edge for one beside it', () => {
    const diagonal = { latitude: b.maxLatitude + 0.1, longitude: b.maxLongitude + 0.2 };
    expect(minDistanceMiles(diagonal, cell)).toBeCloseTo(
      distanceMiles(diagonal, { latitude: b.maxLatitude, longitude: b.maxLongitude }),
      10,
    );
    const south = { latitude: b.minLatitude - 0.1, longitude: (b.minLongitude + b.maxLongitude) / 2 };
    expect(minDistanceMiles(south, cell)).toBeCloseTo(
      distanceMiles(south, { ...south, latitude: b.minLatitude }),
      10,
    );
    expect(minDistanceMiles(south, cell)).toBeCloseTo(6.909, 2);
  });
});
