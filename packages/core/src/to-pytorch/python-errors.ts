/**
 * The typed errors of the emitted PyTorch module, mirroring `config/errors.ts`:
 * each names the offending config path, parameter or state entry.
 *
 * @packageDocumentation
 */

/** Python source of `WeightDecayError`, `ConfigError`, `ParameterError` and `StateError`. */
export const pythonErrors = String.raw`
def _describe(value):
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 80 else text[:79] + "\u2026"


class WeightDecayError(ValueError):
    """Base class of every error this module raises."""


class ConfigError(WeightDecayError):
    """A config field, or a pattern or name of a parameter selection, is wrong; .path names it."""

    def __init__(self, path, expected, received):
        super().__init__("%s: expected %s, received %s" % (path or "(config)", expected, _describe(received)))
        self.path = path


class ParameterError(WeightDecayError):
    """A parameter does not fit: duplicate name, missing or misshapen gradient; .parameter names it."""

    def __init__(self, parameter, message):
        super().__init__("%s: %s" % (json.dumps(parameter), message))
        self.parameter = parameter


class StateError(WeightDecayError):
    """A state dict does not fit this optimizer; .path names the entry. Nothing was changed."""

    def __init__(self, path, message):
        super().__init__("%s: %s" % (path, message))
        self.path = path
`;
