/**
 * The port the catalogue search uses to turn a postcode into a point on the map. In AWS it is a
 * postcodes.io-compatible HTTP API; locally an offline table of districts plus any imported
 * postcodes. Callers parse the postcode first (postcode.ts), so a lookup only ever sees a
 * normalised full postcode ("DT1 1AA") or district ("DT1").
 */
export interface PostcodeLocation {
  /** The normalised postcode or district that was looked up. */
  postcode: string;
  /** The outward code, e.g. DT1. */
  district: string;
  latitude: number;
  longitude: number;
  /** 'district' when only the district's centre is known, so distances are approximate. */
  precision: 'postcode' | 'district';
}

/** The centre of a postcode district (outward code), where coverage measures distances from. */
export interface DistrictCentre {
  /** The outward code, e.g. DT1. */
  district: string;
  latitude: number;
  longitude: number;
}

export interface PostcodeLookup {
  /** Undefined when the postcode or district does not exist (or has no known location). */
  find(postcode: string): Promise<PostcodeLocation | undefined>;
  /**
   * The centre of a postcode district, for any council's districts, not only the demo ones.
   * Undefined when the district does not exist or its centre is not known.
   */
  findDistrictCentre(district: string): Promise<DistrictCentre | undefined>;
}

/**
 * The lookup could not answer (down, slow, or answering nonsense). Distinct from "unknown
 * postcode", which is the person's to fix: this one is ours, and search should say so.
 */
export class PostcodeLookupUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PostcodeLookupUnavailableError';
  }
}
