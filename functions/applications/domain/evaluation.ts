import { z } from 'zod';
import type { FrameworkSnapshot } from './framework';

/**
 * A commissioner's evaluation: each pass/fail criterion marked with a note, each quality question
 * scored 0 to 5 with a note. The weighted total is computed here, never typed in.
 */
export interface CriterionResult {
  result: 'pass' | 'fail';
  note: string;
}

export interface QuestionScore {
  score: number;
  note: string;
}

export interface Evaluation {
  criteria: Record<string, CriterionResult>;
  scores: Record<string, QuestionScore>;
  evaluatedBy: { id: string; name: string };
  evaluatedAt: string;
}

const note = z.string().trim().max(2000, 'Notes must be 2000 characters or fewer').default('');

export function evaluationInputSchema(framework: FrameworkSnapshot) {
  return z.strictObject({
    criteria: z.strictObject(
      Object.fromEntries(
        framework.selectionCriteria.map((criterion, index) => [
          criterion.id,
          z.strictObject(
            {
              result: z.enum(['pass', 'fail'], { error: `Select pass or fail for criterion ${index + 1}` }),
              note,
            },
            { error: `Select pass or fail for criterion ${index + 1}` },
          ),
        ]),
      ),
      { error: 'Mark every selection criterion' },
    ),
    scores: z.strictObject(
      Object.fromEntries(
        framework.qualityQuestions.map((question, index) => [
          question.id,
          z.strictObject(
            {
              score: z
                .number({ error: `Score question ${index + 1} from 0 to 5` })
                .int(`Score question ${index + 1} with a whole number from 0 to 5`)
                .min(0, `Score question ${index + 1} from 0 to 5`)
                .max(5, `Score question ${index + 1} from 0 to 5`),
              note,
            },
            { error: `Score question ${index + 1} from 0 to 5` },
          ),
        ]),
      ),
      { error: 'Score every quality question' },
    ),
  });
}

export type EvaluationInput = z.infer<ReturnType<typeof evaluationInputSchema>>;

export interface WeightedScore {
  total: number;
  maximum: number;
  percent: number;
  passMarkPercent: number;
  meetsPassMark: boolean;
}

export function weightedScore(
  framework: FrameworkSnapshot,
  scores: Record<string, QuestionScore>,
): WeightedScore {
  const maximum = framework.qualityQuestions.reduce((sum, question) => sum + question.weight * 5, 0);
  const total = framework.qualityQuestions.reduce(
    (sum, question) => sum + question.weight * (scores[question.id]?.score ?? 0),
    0,
  );
  const percent = maximum === 0 ? 100 : Math.round((total / maximum) * 1000) / 10;
  return {
    total,
    maximum,
    percent,
    passMarkPercent: framework.passMarkPercent,
    meetsPassMark: percent >= framework.passMarkPercent,
  };
}

/** Why an evaluation does not allow approval; empty when it does. */
export function reasonsNotToApprove(
  framework: FrameworkSnapshot,
  evaluation: Evaluation | undefined,
): string[] {
  if (!evaluation) return ['Evaluate the application first: mark every criterion and score every question.'];
  const failed = framework.selectionCriteria.filter(
    (criterion) => evaluation.criteria[criterion.id]?.result !== 'pass',
  );
  const reasons = failed.map((criterion) => `Criterion not passed: ${criterion.text}`);
  const score = weightedScore(framework, evaluation.scores);
  if (!score.meetsPassMark) {
    reasons.push(
      `The weighted score is ${score.percent}%, below the pass mark of ${score.passMarkPercent}%.`,
    );
  }
  return reasons;
}
