/**
 * Reduce-on-plateau (config 1.1) in the emitted PyTorch module: PyTorch's own
 * `torch.optim.lr_scheduler.ReduceLROnPlateau` on the module's torch
 * over a holder optimizer per reduce-on-plateau rate, and its counters in the
 * layout of core's `UpdaterState.plateau` and `groupPlateaus`
 * (so checkpoints move between the ONNX Runtime trainer and PyTorch).
 *
 * @packageDocumentation
 */

/** Python source of `make_plateau`, `plateau_rate`, `plateau_state`, `checked_plateau` and `load_plateau`. */
export const pythonPlateau = String.raw`
def is_plateau(learning_rate):
    return isinstance(learning_rate, dict) and learning_rate.get("type") == "reduce-on-plateau"


def make_plateau(learning_rate):
    """torch's ReduceLROnPlateau for a "reduce-on-plateau" learning rate (config 1.1), else None.

    It runs over a one-group holder optimizer whose lr is the reduced rate: the top level's, which
    groups without a rate of their own scale, or a group's own. Report each metric with
    optimizer.report_metric(value): it calls every such scheduler's step(value), as a PyTorch loop
    calls scheduler.step(val_loss) once per epoch.
    """
    s = learning_rate
    if not is_plateau(s):
        return None
    holder = torch.optim.SGD([torch.zeros(1)], lr=float(s["initial"]))
    return torch.optim.lr_scheduler.ReduceLROnPlateau(
        holder, mode=s["mode"], factor=s["factor"], patience=s["patience"], threshold=s["threshold"],
        threshold_mode=s["thresholdMode"], cooldown=s["cooldown"], min_lr=s["minimum"], eps=1e-8)


def plateau_rate(scheduler):
    """The rate a reduce-on-plateau scheduler leaves (its holder optimizer's lr)."""
    return float(scheduler.optimizer.param_groups[0]["lr"])


def _json_metric(x):
    return "Infinity" if x == math.inf else "-Infinity" if x == -math.inf else float(x)


def plateau_state(scheduler):
    """The scheduler's counters and rate, JSON-safe, as @weight-decay/core's UpdaterState.plateau."""
    return {"rate": plateau_rate(scheduler), "best": _json_metric(scheduler.best),
            "badReports": scheduler.num_bad_epochs, "cooldownLeft": scheduler.cooldown_counter, "reports": scheduler.last_epoch}


def checked_plateau(value, path):
    """A saved plateau state, checked (StateError naming the entry)."""
    if not isinstance(value, dict):
        raise StateError(path, "expected the plateau state dict")
    rate = value.get("rate")
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not math.isfinite(rate) or rate < 0:
        raise StateError(path + ".rate", "expected a finite number >= 0, received %r" % (rate,))
    best = value.get("best")
    if best not in ("Infinity", "-Infinity") and (isinstance(best, bool) or not isinstance(best, (int, float)) or not math.isfinite(best)):
        raise StateError(path + ".best", 'expected a finite number, "Infinity" or "-Infinity", received %r' % (best,))
    for key in ("badReports", "cooldownLeft", "reports"):
        count = value.get(key)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise StateError(path + "." + key, "expected an integer >= 0, received %r" % (count,))
    return value


def load_plateau(scheduler, state):
    for group in scheduler.optimizer.param_groups:
        group["lr"] = float(state["rate"])
    best = state["best"]
    scheduler.best = math.inf if best == "Infinity" else -math.inf if best == "-Infinity" else float(best)
    scheduler.num_bad_epochs = state["badReports"]
    scheduler.cooldown_counter = state["cooldownLeft"]
    scheduler.last_epoch = state["reports"]
`;
