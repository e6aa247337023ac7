// The tracer's choice of model (convbook.trace_file) is reader/model_pick.ts's rule, called from
// Python, so the editor, the CLI and the kernel share one implementation of the picking order.

import { hintedModels, pickModel, type PickResult } from '../../reader/model_pick';

interface PickArgs {
  source: string;
  model?: string | null;
  input?: number[] | null;
  /** What the runtime found the file builds without arguments: ['resnet18()', 'Net()']. */
  buildable: string[];
  defaultInput: number[];
}

export function modelPickOps() {
  return {
    /** PickArgs as JSON → PickResult as JSON. */
    pick_model: (argsJson: string): string => {
      const args = JSON.parse(argsJson) as PickArgs;
      const result: PickResult = pickModel({
        ...(args.model != null ? { cliModel: args.model } : {}),
        ...(args.input != null ? { cliInput: args.input } : {}),
        hinted: hintedModels(args.source),
        buildable: args.buildable,
        defaultInput: args.defaultInput,
      });
      return JSON.stringify(result);
    },
  };
}
