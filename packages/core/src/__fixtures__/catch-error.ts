/** Runs `f` and returns what it threw; fails the test when it does not throw. */
export function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
