/**
 * Who trains a user-data card's run and why, in one line under its buttons: the plan's words, as
 * the tutorials' badge (`../PlanBadge.tsx`) says them (e.g. a GRU goes to TensorFlow.js because
 * the lab's CPU trainer has no GRU layer).
 */
import type { Plan } from '../../../engine/types';
import { HOST_TEXT, planShortText } from '../PlanBadge';

export function PlanLine({ plan, testId }: { plan: Plan | null; testId: string }) {
  if (!plan) return null;
  return (
    <p className="muted small" data-testid={testId} data-trainer={plan.candidate.trainer} data-backend={plan.backend?.name ?? ''}>
      Trains on {planShortText(plan)} {HOST_TEXT[plan.host]}. {plan.reason}
    </p>
  );
}
