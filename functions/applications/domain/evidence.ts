import {
  type Actor,
  type Application,
  ApplicationRuleError,
  type Change,
  editableSections,
} from './application';
import { type SectionId, sectionTitles } from './section-names';

/**
 * Evidence files (insurance certificates, policies): PDF, JPEG or PNG, up to 10 MB. The type is
 * read from the file's first bytes, never from its name or what the browser claimed.
 */
export const maxEvidenceBytes = 10 * 1024 * 1024;
export const evidenceSections: SectionId[] = ['safeguarding', 'insurance', 'dbs', 'cqc'];

export type EvidenceType = 'application/pdf' | 'image/jpeg' | 'image/png';

const signatures: { type: EvidenceType; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

export function detectEvidenceType(firstBytes: Uint8Array): EvidenceType | undefined {
  return signatures.find(({ bytes }) => bytes.every((byte, index) => firstBytes[index] === byte))?.type;
}

export interface EvidenceFile {
  id: string;
  section: SectionId;
  contentType: EvidenceType;
  sizeBytes: number;
  /** Where the accepted copy is kept; never shown to anyone. */
  key: string;
  uploadedAt: string;
  uploadedBy: { id: string; name: string };
}

export type EvidenceProblem = 'missing' | 'empty' | 'too-big' | 'wrong-type';

export const evidenceProblemMessages: Record<EvidenceProblem, string> = {
  missing: 'The file did not arrive. Choose the file again and upload it',
  empty: 'The selected file is empty',
  'too-big': 'The selected file must be smaller than 10 MB',
  'wrong-type': 'The selected file must be a PDF, JPG or PNG',
};

/** Checks an uploaded file's size and first bytes: the type it really is, or what is wrong. */
export function checkEvidence(
  upload: { sizeBytes: number; firstBytes: Uint8Array } | undefined,
): { ok: true; type: EvidenceType } | { ok: false; problem: EvidenceProblem } {
  if (!upload) return { ok: false, problem: 'missing' };
  if (upload.sizeBytes === 0) return { ok: false, problem: 'empty' };
  if (upload.sizeBytes > maxEvidenceBytes) return { ok: false, problem: 'too-big' };
  const type = detectEvidenceType(upload.firstBytes);
  return type ? { ok: true, type } : { ok: false, problem: 'wrong-type' };
}

/** Records an accepted file on the application, while its section may still be changed. */
export function addEvidence(application: Application, file: EvidenceFile, actor: Actor, now: Date): Change {
  if (!evidenceSections.includes(file.section) || !editableSections(application).includes(file.section)) {
    throw new ApplicationRuleError(
      'not-editable',
      `Files cannot be added to "${sectionTitles[file.section]}" now.`,
    );
  }
  const at = now.toISOString();
  const next: Application = {
    ...application,
    evidence: [...(application.evidence ?? []), file],
    updatedAt: at,
    version: application.version + 1,
  };
  const kind = { 'application/pdf': 'PDF', 'image/jpeg': 'JPG', 'image/png': 'PNG' }[file.contentType];
  return {
    application: next,
    audit: {
      applicationId: application.id,
      councilId: application.councilId,
      at,
      actor,
      action: 'evidence-added',
      detail: `Added a ${kind} file (${Math.ceil(file.sizeBytes / 1024)} KB) to "${sectionTitles[file.section]}"`,
    },
  };
}

/** The name a downloaded file gets: what it is and when it came, never anything the uploader chose. */
export function evidenceFileName(file: EvidenceFile): string {
  const extension = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }[file.contentType];
  return `${file.section}-evidence-${file.uploadedAt.slice(0, 10)}.${extension}`;
}
