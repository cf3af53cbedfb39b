/**
 * Places on the map as geohash cells at any bit depth. A geohash interleaves longitude and
 * latitude bits (longitude first), so every cell, at any depth, is one contiguous range of
 * full-precision geohash strings: a sort-key range in DynamoDB. Searching near a point reads a
 * few such ranges instead of the whole catalogue.
 */
export interface Point {
  latitude: number;
  longitude: number;
}

/** A cell at `depth` bits: x counts longitude steps (ceil(depth/2) bits), y latitude steps. */
export interface Cell {
  depth: number;
  x: number;
  y: number;
}

const base32 = '0123456789bcdefghjkmnpqrstuvwxyz';
/** Full precision: 9 characters, 45 bits, cells of about 5 by 5 metres. */
export const fullBits = 45;
/** The index partition is the cell of the first 15 bits (3 characters, about 150 km across). */
export const partitionBits = 15;

const lonBits = (depth: number) => Math.ceil(depth / 2);
const latBits = (depth: number) => Math.floor(depth / 2);

export function cellOf(point: Point, depth: number): Cell {
  const xs = 2 ** lonBits(depth);
  const ys = 2 ** latBits(depth);
  return {
    depth,
    x: Math.min(xs - 1, Math.floor(((point.longitude + 180) / 360) * xs)),
    y: Math.min(ys - 1, Math.floor(((point.latitude + 90) / 180) * ys)),
  };
}

/** The cell's bits, longitude first, most significant first. */
export function cellBits(cell: Cell): string {
  const x = cell.x.toString(2).padStart(lonBits(cell.depth), '0');
  const y = cell.y.toString(2).padStart(latBits(cell.depth), '0');
  let bits = '';
  for (let i = 0; i < cell.depth; i++) bits += i % 2 === 0 ? x[i / 2] : y[(i - 1) / 2];
  return bits;
}

const toBase32 = (bits: string) => {
  let text = '';
  for (let i = 0; i < bits.length; i += 5) text += base32[Number.parseInt(bits.slice(i, i + 5), 2)];
  return text;
};

export function geohash(point: Point): string {
  return toBase32(cellBits(cellOf(point, fullBits)));
}

export function cellBounds(cell: Cell) {
  const lonStep = 360 / 2 ** lonBits(cell.depth);
  const latStep = 180 / 2 ** latBits(cell.depth);
  return {
    minLongitude: -180 + cell.x * lonStep,
    maxLongitude: -180 + (cell.x + 1) * lonStep,
    minLatitude: -90 + cell.y * latStep,
    maxLatitude: -90 + (cell.y + 1) * latStep,
  };
}

/** The eight cells around a cell at the same depth (fewer at the poles and the date line). */
export function neighbours(cell: Cell): Cell[] {
  const xs = 2 ** lonBits(cell.depth);
  const ys = 2 ** latBits(cell.depth);
  const around: Cell[] = [];
  for (const dx of [-1, 0, 1])
    for (const dy of [-1, 0, 1]) {
      const x = cell.x + dx;
      const y = cell.y + dy;
      if ((dx || dy) && x >= 0 && x < xs && y >= 0 && y < ys) around.push({ depth: cell.depth, x, y });
    }
  return around;
}

/** The sort-key range of a cell: its partition, and the lowest and highest full geohash inside it. */
export interface CellRange {
  partition: string;
  from: string;
  to: string;
}

export function cellRange(cell: Cell): CellRange {
  if (cell.depth < partitionBits) throw new RangeError(`A cell must be at least ${partitionBits} bits deep`);
  const bits = cellBits(cell);
  return {
    partition: toBase32(bits.slice(0, partitionBits)),
    from: toBase32(bits.padEnd(fullBits, '0')),
    to: toBase32(bits.padEnd(fullBits, '1')),
  };
}

/** The cell one bit shallower that holds this one. */
export function parentOf(cell: Cell): Cell {
  // The deepest bit is longitude at odd depths, latitude at even ones.
  return cell.depth % 2 === 1
    ? { depth: cell.depth - 1, x: cell.x >> 1, y: cell.y }
    : { depth: cell.depth - 1, x: cell.x, y: cell.y >> 1 };
}

/** The two cells one bit deeper that make up this one, in z-order. */
export function childrenOf(cell: Cell): [Cell, Cell] {
  const depth = cell.depth + 1;
  return depth % 2 === 1
    ? [
        { depth, x: cell.x * 2, y: cell.y },
        { depth, x: cell.x * 2 + 1, y: cell.y },
      ]
    : [
        { depth, x: cell.x, y: cell.y * 2 },
        { depth, x: cell.x, y: cell.y * 2 + 1 },
      ];
}

/** Where a cell's range starts and ends along the z-order, at full precision. */
const zOrderSpan = (cell: Cell) => {
  const bits = cellBits(cell);
  return {
    first: BigInt(`0b${bits.padEnd(fullBits, '0')}`),
    last: BigInt(`0b${bits.padEnd(fullBits, '1')}`),
  };
};

/**
 * Cells next to each other in z-order merged into one range, so neighbouring cells cost one
 * query rather than several. The cells may be of different depths, as long as none overlap.
 */
export function mergeRanges(cells: Cell[]): CellRange[] {
  const ordered = cells
    .map((cell) => ({ ...zOrderSpan(cell), range: cellRange(cell) }))
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: { last: bigint; range: CellRange }[] = [];
  for (const { first, last, range } of ordered) {
    const previous = merged.at(-1);
    if (previous && previous.last + 1n === first && previous.range.partition === range.partition) {
      previous.range.to = range.to;
      previous.last = last;
    } else merged.push({ last, range: { ...range } });
  }
  return merged.map(({ range }) => range);
}

/** The cell whose bits these are, longitude first (the inverse of `cellBits`). */
export function cellOfBits(bits: string): Cell {
  let x = 0;
  let y = 0;
  for (let i = 0; i < bits.length; i++) {
    const bit = bits[i] === '1' ? 1 : 0;
    if (i % 2 === 0) x = x * 2 + bit;
    else y = y * 2 + bit;
  }
  return { depth: bits.length, x, y };
}

const bitsOfGeohash = (hash: string) =>
  [...hash].map((character) => base32.indexOf(character).toString(2).padStart(5, '0')).join('');

/**
 * The fewest cells that make up the stretch of the z-order from one full geohash to another, both
 * included: what is left of a range read part way, as places on the map. At most two cells a
 * depth, so under a hundred.
 */
export function cellsBetween(from: string, to: string): Cell[] {
  let first = BigInt(`0b${bitsOfGeohash(from).padEnd(fullBits, '0')}`);
  const last = BigInt(`0b${bitsOfGeohash(to).padEnd(fullBits, '1')}`);
  const cells: Cell[] = [];
  while (first <= last) {
    // The biggest aligned cell that starts here and ends inside the stretch.
    let size = 0;
    while (
      size < fullBits &&
      first % (1n << BigInt(size + 1)) === 0n &&
      first + (1n << BigInt(size + 1)) - 1n <= last
    )
      size += 1;
    const depth = fullBits - size;
    cells.push(cellOfBits((first >> BigInt(size)).toString(2).padStart(depth, '0').slice(0, depth)));
    first += 1n << BigInt(size);
  }
  return cells;
}

const earthRadiusMiles = 3958.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in miles. */
export function distanceMiles(a: Point, b: Point): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusMiles * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The nearest any place in the cell can be to the point. */
export function minDistanceMiles(point: Point, cell: Cell): number {
  const bounds = cellBounds(cell);
  const nearest = {
    latitude: Math.min(Math.max(point.latitude, bounds.minLatitude), bounds.maxLatitude),
    longitude: Math.min(Math.max(point.longitude, bounds.minLongitude), bounds.maxLongitude),
  };
  return distanceMiles(point, nearest);
}
