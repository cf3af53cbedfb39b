/**
 * A council's framework for day opportunities: the approved list providers apply to join.
 * Plain data and rules; no storage or HTTP here.
 */
export interface Lot {
  id: string;
  name: string;
  description: string;
}

/** Pass/fail: a commissioner marks each one when evaluating. */
export interface SelectionCriterion {
  id: string;
  text: string;
}

/** Scored 0 to 5 by a commissioner; the weighted total is computed, never typed in. */
export interface QualityQuestion {
  id: string;
  text: string;
  /** Relative weight, a whole number; the score is out of 5 times the sum of the weights. */
  weight: number;
  wordLimit: number;
}

/**
 * Rolling admission: apply at any time (the council papers' "open framework"; a Dynamic Market
 * under the Procurement Act 2023). Windows: apply only while a window is open (a Procurement Act
 * open framework, at most 8 years).
 */
export type AdmissionMode =
  | { kind: 'rolling' }
  | { kind: 'windows'; windows: { opens: string; closes: string }[] };

/** What a micro-provider (8 or fewer workers) must give: proportionate, set per framework. */
export interface MicroProviderRules {
  professionalIndemnityRequired: boolean;
  referencesRequired: number;
  publicLiabilityMinimumPence: number;
}

export interface Framework {
  id: string;
  councilId: string;
  name: string;
  description: string;
  lots: Lot[];
  selectionCriteria: SelectionCriterion[];
  qualityQuestions: QualityQuestion[];
  /** Percentage of the maximum weighted score needed to pass, 0 to 100. */
  passMarkPercent: number;
  term: { starts: string; ends: string };
  admission: AdmissionMode;
  standardRules: MicroProviderRules;
  microProviderRules: MicroProviderRules;
  /** Increases on every edit; applications keep the version they answered. */
  version: number;
}

/** The parts of a framework an application answers, frozen when the application starts. */
export type FrameworkSnapshot = Pick<
  Framework,
  | 'id'
  | 'name'
  | 'version'
  | 'lots'
  | 'selectionCriteria'
  | 'qualityQuestions'
  | 'passMarkPercent'
  | 'standardRules'
  | 'microProviderRules'
>;

export function snapshotOf(framework: Framework): FrameworkSnapshot {
  const {
    id,
    name,
    version,
    lots,
    selectionCriteria,
    qualityQuestions,
    passMarkPercent,
    standardRules,
    microProviderRules,
  } = framework;
  return structuredClone({
    id,
    name,
    version,
    lots,
    selectionCriteria,
    qualityQuestions,
    passMarkPercent,
    standardRules,
    microProviderRules,
  });
}

/** Whether a provider may start or submit an application to this framework on this date (YYYY-MM-DD). */
export function isOpenForApplications(framework: Framework, onDate: string): boolean {
  if (onDate < framework.term.starts || onDate > framework.term.ends) return false;
  if (framework.admission.kind === 'rolling') return true;
  return framework.admission.windows.some((window) => window.opens <= onDate && onDate <= window.closes);
}
