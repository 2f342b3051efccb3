/** Debounced predictions for the "try the model" panels (`useEngineAnswer`). */
import type { PredictRequest, PredictResult } from '../../engine/types';
import { useEngineAnswer, type AnswerState } from './useEngineAnswer';
import { useLab } from './useLab';

export type PredictionState = AnswerState<PredictResult>;

export function usePrediction(request: PredictRequest | null, key: string, modelVersion: string, delayMs: number): PredictionState {
  return useEngineAnswer(useLab((s) => s.predict), request, key, modelVersion, delayMs);
}
