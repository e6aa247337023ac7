// MIME type → view.

import { MIME } from '../../contract';
import type { ViewFactory } from '../view';
import { sweepView } from './sweep';
import { comparisonView } from './comparison';
import { deformView } from './deform';
import { formulaView } from './formula';
import { receptiveFieldView } from './receptiveField';
import { summaryView } from './summary';
import { tensorView } from './tensor';

const VIEWS: Record<string, ViewFactory> = {
  [MIME.tensor]: tensorView,
  [MIME.sweep]: sweepView,
  [MIME.deform]: deformView,
  [MIME.formula]: formulaView,
  [MIME.summary]: summaryView,
  [MIME.receptiveField]: receptiveFieldView,
  [MIME.comparison]: comparisonView,
};

export function viewFor(mime: string): ViewFactory | undefined {
  return VIEWS[mime];
}
