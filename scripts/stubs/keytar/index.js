// vsce loads keytar lazily and falls back to a file store when it is unusable.
throw new Error('keytar is not installed in convbook (vsce login is not used here)');
