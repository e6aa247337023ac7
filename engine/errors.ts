// Errors raised by convbook's ops. They mirror the Python exception PyTorch would raise
// (ValueError, RuntimeError, TypeError) so messages read like PyTorch's, and they name the
// argument at fault so the notebook can point at it.

export type PythonErrorName = 'ValueError' | 'RuntimeError' | 'TypeError' | 'IndexError' | 'MemoryError' | 'NotImplementedError';

export class ConvbookError extends Error {
  constructor(
    readonly pythonName: PythonErrorName,
    message: string,
    /** The argument at fault, e.g. 'padding' or 'groups', when there is one. */
    readonly argument?: string,
  ) {
    super(message);
    this.name = pythonName;
  }
}

export function valueError(message: string, argument?: string): ConvbookError {
  return new ConvbookError('ValueError', message, argument);
}

export function runtimeError(message: string, argument?: string): ConvbookError {
  return new ConvbookError('RuntimeError', message, argument);
}

export function typeError(message: string, argument?: string): ConvbookError {
  return new ConvbookError('TypeError', message, argument);
}

export function notImplementedError(message: string, argument?: string): ConvbookError {
  return new ConvbookError('NotImplementedError', message, argument);
}
