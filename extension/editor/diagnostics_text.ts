// What the .py diagnostics say and where, from the layer calls; no vscode import.

import type { LayerCall } from '../../lang/pyfile/python_layers';

export interface LayerDiagnostic {
  /** 0-based, end exclusive, as vscode.Range takes them. */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  severity: 'error' | 'warning';
  /** "RuntimeError: Given groups=1, weight of size ..." */
  message: string;
  /** The Python exception PyTorch raises. */
  code: string;
}

export function layerDiagnostics(calls: readonly LayerCall[]): LayerDiagnostic[] {
  const out: LayerDiagnostic[] = [];
  for (const call of calls) {
    for (const p of call.problems) {
      out.push({
        line: p.line - 1,
        character: p.column - 1,
        endLine: p.endLine - 1,
        endCharacter: p.endColumn - 1,
        severity: p.severity,
        message: `${p.pythonName}: ${p.message}`,
        code: p.pythonName,
      });
    }
  }
  return out;
}
