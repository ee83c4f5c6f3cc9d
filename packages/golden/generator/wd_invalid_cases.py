"""Invalid configs (kind "invalid-config"): one broken field each, with the path that must be named.

Each starts from a valid config and breaks exactly one thing, so the only error a
validator can report is the one at errorPath. Where a rule could reasonably be reported
at a parent or a child location (a list that is not increasing: the list, or its bad
element), errorPath is the parent: the runner accepts an error whose `path` equals it or
whose message contains it, and a child path's message contains the parent path.
"""
import copy

INF = float("inf")

BASE = {"version": 1, "optimizer": {"type": "adam", "learningRate": 0.001}, "decay": [{"type": "decoupled", "rate": 0.01}]}
PARAMS = {"layer/kernel": ([2, 2], [0.5, -0.25, 0.0, 1.0]), "layer/bias": ([2], [0.0, 0.125])}


def _with(mutate):
    c = copy.deepcopy(BASE)
    mutate(c)
    return c


def _opt(**kw):
    def m(c):
        c["optimizer"].update(kw)
    return m


def _lr(schedule):
    def m(c):
        c["optimizer"]["learningRate"] = schedule
    return m


def _term(i, **kw):
    def m(c):
        while len(c["decay"]) <= i:
            c["decay"].append({"type": "l2", "rate": 1e-4})
        c["decay"][i].update(kw)
    return m


def invalid_cases():
    lr = "optimizer.learningRate"
    cases = [
        # version and shape of the document
        ("version-2", lambda c: c.update(version=2), "version"),
        ("version-string", lambda c: c.update(version="1"), "version"),
        ("unknown-root-key", lambda c: c.update(decays=[]), "decays"),
        ("missing-optimizer", lambda c: c.pop("optimizer"), "optimizer"),
        ("optimizer-not-object", lambda c: c.update(optimizer="adam"), "optimizer"),
        ("decay-not-array", lambda c: c.update(decay={"type": "l2", "rate": 0.1}), "decay"),
        ("decay-term-not-object", lambda c: c.update(decay=[0.01]), "decay[0]"),
        # optimizer
        ("unknown-optimizer-type", _opt(type="lamb"), "optimizer.type"),
        ("unknown-optimizer-key-for-adam", _opt(momentum=0.9), "optimizer.momentum"),
        ("unknown-optimizer-key-typo", lambda c: c.update(optimizer={"type": "sgd", "learningRate": 0.1, "momentun": 0.9}), "optimizer.momentun"),
        ("missing-learning-rate", lambda c: c["optimizer"].pop("learningRate"), lr),
        ("negative-learning-rate", _opt(learningRate=-0.001), lr),
        ("infinite-learning-rate", _opt(learningRate=INF), lr),
        ("string-learning-rate", _opt(learningRate="0.001"), lr),
        ("beta1-one", _opt(beta1=1.0), "optimizer.beta1"),
        ("beta1-negative", _opt(beta1=-0.1), "optimizer.beta1"),
        ("beta2-above-one", _opt(beta2=1.5), "optimizer.beta2"),
        ("beta2-string", _opt(beta2="0.999"), "optimizer.beta2"),
        ("epsilon-zero", _opt(epsilon=0.0), "optimizer.epsilon"),
        ("epsilon-negative-rmsprop", lambda c: c.update(optimizer={"type": "rmsprop", "learningRate": 0.01, "epsilon": -1e-8}), "optimizer.epsilon"),
        ("epsilon-infinite-adagrad", lambda c: c.update(optimizer={"type": "adagrad", "learningRate": 0.01, "epsilon": INF}), "optimizer.epsilon"),
        ("amsgrad-not-boolean", _opt(amsgrad="yes"), "optimizer.amsgrad"),
        ("sgd-negative-momentum", lambda c: c.update(optimizer={"type": "sgd", "learningRate": 0.1, "momentum": -0.9}), "optimizer.momentum"),
        ("sgd-nesterov-not-boolean", lambda c: c.update(optimizer={"type": "sgd", "learningRate": 0.1, "momentum": 0.9, "nesterov": 1}), "optimizer.nesterov"),
        ("sgd-dampening-string", lambda c: c.update(optimizer={"type": "sgd", "learningRate": 0.1, "dampening": "0"}), "optimizer.dampening"),
        ("rmsprop-negative-alpha", lambda c: c.update(optimizer={"type": "rmsprop", "learningRate": 0.01, "alpha": -0.5}), "optimizer.alpha"),
        ("rmsprop-centered-not-boolean", lambda c: c.update(optimizer={"type": "rmsprop", "learningRate": 0.01, "centered": "true"}), "optimizer.centered"),
        ("adagrad-negative-lr-decay", lambda c: c.update(optimizer={"type": "adagrad", "learningRate": 0.01, "lrDecay": -0.1}), "optimizer.lrDecay"),
        ("adagrad-negative-initial-accumulator", lambda c: c.update(optimizer={"type": "adagrad", "learningRate": 0.01, "initialAccumulator": -1.0}), "optimizer.initialAccumulator"),
        # decay terms
        ("unknown-term-type", _term(0, type="l3"), "decay[0].type"),
        ("term-missing-rate", lambda c: c["decay"][0].pop("rate"), "decay[0].rate"),
        ("negative-rate", _term(0, rate=-0.01), "decay[0].rate"),
        ("infinite-rate-second-term", _term(1, rate=INF), "decay[1].rate"),
        ("string-rate", _term(0, rate="0.01"), "decay[0].rate"),
        ("unknown-term-key", _term(0, **{"lambda": 0.1}), "decay[0].lambda"),
        ("unknown-scaling", _term(0, scaling="linear"), "decay[0].scaling"),
        ("unknown-l1-method", lambda c: c.update(decay=[{"type": "l1", "rate": 1e-4, "method": "lasso"}]), "decay[0].method"),
        ("cautious-not-boolean", _term(0, cautious="false"), "decay[0].cautious"),
        ("anchor-unknown-scaling", lambda c: c.update(decay=[{"type": "anchor", "rate": 0.01, "scaling": "lr"}]), "decay[0].scaling"),
        ("params-not-object", _term(0, params=["**"]), "decay[0].params"),
        ("params-include-not-array", _term(0, params={"include": "**"}), "decay[0].params.include"),
        ("params-exclude-not-strings", _term(0, params={"exclude": [1]}), "decay[0].params.exclude"),
        ("params-negative-min-rank", _term(0, params={"minRank": -1}), "decay[0].params.minRank"),
        ("params-fractional-min-rank", _term(0, params={"minRank": 1.5}), "decay[0].params.minRank"),
        ("params-unknown-key", _term(0, params={"only": ["**"]}), "decay[0].params.only"),
        ("params-include-matches-nothing", _term(0, params={"include": ["layer/kernel", "missing/*"]}), "decay[0].params.include[1]"),
        ("params-unknown-name", _term(0, params={"include": [], "names": ["missing"]}), "decay[0].params.names[0]"),
        # schedules
        ("unknown-schedule-type", _lr({"type": "cyclic", "initial": 0.1}), lr + ".type"),
        ("schedule-unknown-key", _lr({"type": "step", "initial": 0.1, "stepSize": 3, "warmupSteps": 2}), lr + ".warmupSteps"),
        ("schedule-missing-field", _lr({"type": "cosine", "initial": 0.1}), lr + ".decaySteps"),
        ("schedule-not-object-or-number", _lr([0.1, 0.01]), lr),
        ("step-size-zero", _lr({"type": "step", "initial": 0.1, "stepSize": 0}), lr + ".stepSize"),
        ("step-negative-initial", _lr({"type": "step", "initial": -0.1, "stepSize": 2}), lr + ".initial"),
        ("milestones-not-increasing", _lr({"type": "multistep", "initial": 0.1, "milestones": [5, 3]}), lr + ".milestones"),
        ("milestones-repeated", _lr({"type": "multistep", "initial": 0.1, "milestones": [3, 3]}), lr + ".milestones"),
        ("milestones-negative", _lr({"type": "multistep", "initial": 0.1, "milestones": [-1, 3]}), lr + ".milestones"),
        ("exponential-negative-gamma", _lr({"type": "exponential", "initial": 0.1, "gamma": -0.5}), lr + ".gamma"),
        ("exponential-transition-steps-zero", _lr({"type": "exponential", "initial": 0.1, "gamma": 0.5, "transitionSteps": 0}), lr + ".transitionSteps"),
        ("cosine-decay-steps-zero", _lr({"type": "cosine", "initial": 0.1, "decaySteps": 0}), lr + ".decaySteps"),
        ("cosine-restarts-first-period-zero", _lr({"type": "cosine-restarts", "initial": 0.1, "firstPeriod": 0}), lr + ".firstPeriod"),
        ("cosine-restarts-multiplier-zero", _lr({"type": "cosine-restarts", "initial": 0.1, "firstPeriod": 3, "periodMultiplier": 0}), lr + ".periodMultiplier"),
        ("linear-steps-negative", _lr({"type": "linear", "start": 0.0, "end": 0.1, "steps": -5}), lr + ".steps"),
        ("polynomial-decay-steps-zero", _lr({"type": "polynomial", "initial": 0.1, "decaySteps": 0}), lr + ".decaySteps"),
        ("inverse-time-decay-steps-zero", _lr({"type": "inverse-time", "initial": 0.1, "decayRate": 0.5, "decaySteps": 0}), lr + ".decaySteps"),
        ("one-cycle-total-steps-zero", _lr({"type": "one-cycle", "maximum": 0.1, "totalSteps": 0}), lr + ".totalSteps"),
        ("one-cycle-pct-start-above-one", _lr({"type": "one-cycle", "maximum": 0.1, "totalSteps": 10, "pctStart": 1.5}), lr + ".pctStart"),
        ("piecewise-boundaries-not-increasing", _lr({"type": "piecewise", "boundaries": [4, 2], "values": [0.1, 0.01, 0.001]}), lr + ".boundaries"),
        ("piecewise-count-mismatch", _lr({"type": "piecewise", "boundaries": [2, 4], "values": [0.1, 0.01]}), lr + ".values"),
        ("warmup-negative-steps", _lr({"type": "warmup", "steps": -1, "then": 0.1}), lr + ".steps"),
        ("warmup-invalid-then", _lr({"type": "warmup", "steps": 3, "then": {"type": "step", "initial": 0.1}}), lr + ".then.stepSize"),
        ("sequence-count-mismatch", _lr({"type": "sequence", "schedules": [0.1, 0.01], "boundaries": [3, 6]}), lr + ".boundaries"),
        ("sequence-boundaries-not-increasing", _lr({"type": "sequence", "schedules": [0.1, 0.01, 0.001], "boundaries": [6, 3]}), lr + ".boundaries"),
        ("sequence-invalid-piece", _lr({"type": "sequence", "schedules": [0.1, {"type": "linear", "start": -0.1, "end": 0.0, "steps": 3}], "boundaries": [3]}),
         lr + ".schedules[1].start"),
        ("rate-schedule-invalid", _term(0, rate={"type": "exponential", "initial": 0.1, "gamma": 0.9, "staircase": "yes"}), "decay[0].rate.staircase"),
        ("rate-schedule-negative-values", _term(0, rate={"type": "piecewise", "boundaries": [2], "values": [0.1, -0.1]}), "decay[0].rate.values"),
        # rules beyond the obvious ones (core's validation, PyTorch's own checks)
        ("sgd-momentum-one", lambda c: c.update(optimizer={"type": "sgd", "learningRate": 0.1, "momentum": 1.0}), "optimizer.momentum"),
        ("sgd-dampening-above-one", lambda c: c.update(optimizer={"type": "sgd", "learningRate": 0.1, "momentum": 0.9, "dampening": 1.5}), "optimizer.dampening"),
        ("sgd-nesterov-without-momentum", lambda c: c.update(optimizer={"type": "sgd", "learningRate": 0.1, "nesterov": True}), "optimizer.nesterov"),
        ("sgd-nesterov-with-dampening", lambda c: c.update(optimizer={"type": "sgd", "learningRate": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True}), "optimizer.nesterov"),
        ("rmsprop-alpha-one", lambda c: c.update(optimizer={"type": "rmsprop", "learningRate": 0.01, "alpha": 1.0}), "optimizer.alpha"),
        ("rmsprop-momentum-one", lambda c: c.update(optimizer={"type": "rmsprop", "learningRate": 0.01, "momentum": 1.0}), "optimizer.momentum"),
        ("adam-key-on-adagrad", lambda c: c.update(optimizer={"type": "adagrad", "learningRate": 0.01, "beta1": 0.9}), "optimizer.beta1"),
        ("l2-with-scaling", lambda c: c.update(decay=[{"type": "l2", "rate": 1e-4, "scaling": "none"}]), "decay[0].scaling"),
        ("l2-with-cautious", lambda c: c.update(decay=[{"type": "l2", "rate": 1e-4, "cautious": True}]), "decay[0].cautious"),
        ("decoupled-with-method", _term(0, method="proximal"), "decay[0].method"),
        ("l1-subgradient-with-scaling", lambda c: c.update(decay=[{"type": "l1", "rate": 1e-4, "scaling": "relative"}]), "decay[0].scaling"),
        ("params-empty-include-without-names", _term(0, params={"include": []}), "decay[0].params.include"),
        ("params-empty-pattern", _term(0, params={"include": [""]}), "decay[0].params.include[0]"),
        ("step-size-fractional", _lr({"type": "step", "initial": 0.1, "stepSize": 2.5}), lr + ".stepSize"),
        ("milestones-fractional", _lr({"type": "multistep", "initial": 0.1, "milestones": [2, 4.5]}), lr + ".milestones"),
        ("polynomial-power-zero", _lr({"type": "polynomial", "initial": 0.1, "decaySteps": 5, "power": 0}), lr + ".power"),
        ("one-cycle-div-factor-zero", _lr({"type": "one-cycle", "maximum": 0.1, "totalSteps": 10, "divFactor": 0}), lr + ".divFactor"),
        ("one-cycle-pct-start-zero", _lr({"type": "one-cycle", "maximum": 0.1, "totalSteps": 10, "pctStart": 0}), lr + ".pctStart"),
        ("sequence-no-schedules", _lr({"type": "sequence", "schedules": [], "boundaries": []}), lr + ".schedules"),
        ("sequence-boundary-zero", _lr({"type": "sequence", "schedules": [0.1, 0.01], "boundaries": [0]}), lr + ".boundaries"),
        ("constant-missing-value", _lr({"type": "constant"}), lr + ".value"),
        ("cosine-negative-minimum", _lr({"type": "cosine", "initial": 0.1, "decaySteps": 10, "minimum": -0.01}), lr + ".minimum"),
        ("inverse-time-negative-decay-rate", _lr({"type": "inverse-time", "initial": 0.1, "decayRate": -1.0}), lr + ".decayRate"),
        ("warmup-missing-then", _lr({"type": "warmup", "steps": 3}), lr + ".then"),
    ]
    out = []
    for name, mutate, path in cases:
        out.append({"name": name, "config": _with(mutate), "errorPath": path})
    return out


BASE_11 = {**BASE, "version": 1.1}


def _with_11(mutate):
    c = copy.deepcopy(BASE_11)
    mutate(c)
    return c


def _set(key, value):
    def m(c):
        c[key] = value
    return m


def _timescale_term(**kw):
    def m(c):
        c["decay"] = [{"type": "decoupled", "timescale": 100, **kw}]
    return m


def _plateau(**kw):
    return {"type": "reduce-on-plateau", "initial": 0.01, **kw}


def invalid_cases_11():
    """The config 1.1 contract's new rules, each broken alone on a "version": 1.1 config."""
    lr = "optimizer.learningRate"
    new_opt = lambda **kw: lambda c: c.update(optimizer={"learningRate": 0.001, **kw})  # noqa: E731
    cases = [
        ("v11-version-1.2", _set("version", 1.2), "version"),
        # new optimizers: ranges and keys
        ("v11-nadam-negative-momentum-decay", new_opt(type="nadam", momentumDecay=-0.004), "optimizer.momentumDecay"),
        ("v11-nadam-beta1-one", new_opt(type="nadam", beta1=1.0), "optimizer.beta1"),
        ("v11-radam-beta2-one", new_opt(type="radam", beta2=1.0), "optimizer.beta2"),
        ("v11-radam-epsilon-zero", new_opt(type="radam", epsilon=0.0), "optimizer.epsilon"),
        ("v11-adamax-beta2-negative", new_opt(type="adamax", beta2=-0.5), "optimizer.beta2"),
        ("v11-adamax-amsgrad-key", new_opt(type="adamax", amsgrad=True), "optimizer.amsgrad"),
        ("v11-adadelta-rho-above-one", new_opt(type="adadelta", rho=1.5), "optimizer.rho"),
        ("v11-adadelta-rho-negative", new_opt(type="adadelta", rho=-0.1), "optimizer.rho"),
        ("v11-adadelta-epsilon-negative", new_opt(type="adadelta", epsilon=-1e-6), "optimizer.epsilon"),
        ("v11-adadelta-beta1-key", new_opt(type="adadelta", beta1=0.9), "optimizer.beta1"),
        ("v11-lion-beta1-one", new_opt(type="lion", beta1=1.0), "optimizer.beta1"),
        ("v11-lion-beta2-string", new_opt(type="lion", beta2="0.99"), "optimizer.beta2"),
        ("v11-lion-epsilon-key", new_opt(type="lion", epsilon=1e-8), "optimizer.epsilon"),
        ("v11-lion-missing-learning-rate", lambda c: c.update(optimizer={"type": "lion"}), lr),
        # gradient
        ("v11-gradient-not-object", _set("gradient", 4), "gradient"),
        ("v11-gradient-unknown-key", _set("gradient", {"accumulation": 4}), "gradient.accumulation"),
        ("v11-accumulate-zero", _set("gradient", {"accumulate": 0}), "gradient.accumulate"),
        ("v11-accumulate-fractional", _set("gradient", {"accumulate": 2.5}), "gradient.accumulate"),
        ("v11-accumulate-string", _set("gradient", {"accumulate": "4"}), "gradient.accumulate"),
        ("v11-clip-unknown-type", _set("gradient", {"clip": {"type": "l1-norm", "maxNorm": 1}}), "gradient.clip.type"),
        ("v11-clip-max-norm-zero", _set("gradient", {"clip": {"type": "global-norm", "maxNorm": 0}}), "gradient.clip.maxNorm"),
        ("v11-clip-max-norm-infinite", _set("gradient", {"clip": {"type": "norm", "maxNorm": INF}}), "gradient.clip.maxNorm"),
        ("v11-clip-max-norm-missing", _set("gradient", {"clip": {"type": "global-norm"}}), "gradient.clip.maxNorm"),
        ("v11-clip-max-value-negative", _set("gradient", {"clip": {"type": "value", "maxValue": -1}}), "gradient.clip.maxValue"),
        ("v11-clip-value-with-max-norm", _set("gradient", {"clip": {"type": "value", "maxValue": 1, "maxNorm": 1}}), "gradient.clip.maxNorm"),
        ("v11-non-finite-unknown", _set("gradient", {"nonFinite": "ignore"}), "gradient.nonFinite"),
        # groups
        ("v11-groups-not-array", _set("groups", {"params": {}}), "groups"),
        ("v11-group-missing-params", _set("groups", [{"learningRateScale": 0.5}]), "groups[0].params"),
        ("v11-group-unknown-key", _set("groups", [{"params": {"minRank": 2}, "lr": 0.1}]), "groups[0].lr"),
        ("v11-group-negative-scale", _set("groups", [{"params": {"minRank": 2}, "learningRateScale": -0.1}]), "groups[0].learningRateScale"),
        ("v11-group-infinite-scale", _set("groups", [{"params": {"minRank": 2}, "learningRateScale": INF}]), "groups[0].learningRateScale"),
        ("v11-group-matches-nothing", _set("groups", [{"params": {"include": ["missing/*"]}, "learningRateScale": 0.5}]),
         "groups[0].params.include[0]"),
        ("v11-group-override-bad-beta2", _set("groups", [{"params": {"minRank": 2}, "optimizer": {"beta2": 1.5}}]), "groups[0].optimizer.beta2"),
        ("v11-group-override-foreign-key", _set("groups", [{"params": {"minRank": 2}, "optimizer": {"momentum": 0.9}}]),
         "groups[0].optimizer.momentum"),
        ("v11-group-unknown-optimizer-type", _set("groups", [{"params": {"minRank": 2}, "optimizer": {"type": "lamb", "learningRate": 0.01}}]),
         "groups[0].optimizer.type"),
        ("v11-group-optimizer-missing-learning-rate", _set("groups", [{"params": {"minRank": 2}, "optimizer": {"type": "lion"}}]),
         "groups[0].optimizer.learningRate"),
        ("v11-group-second-bad-selection", _set("groups", [{"params": {"minRank": 2}}, {"params": {"minRank": -1}}]), "groups[1].params.minRank"),
        # average
        ("v11-average-unknown-type", _set("average", {"type": "swa"}), "average.type"),
        ("v11-average-ema-decay-above-one", _set("average", {"type": "ema", "decay": 1.5}), "average.decay"),
        ("v11-average-ema-decay-negative", _set("average", {"type": "ema", "decay": -0.1}), "average.decay"),
        ("v11-average-uniform-negative-start", _set("average", {"type": "uniform", "start": -1}), "average.start"),
        ("v11-average-uniform-fractional-start", _set("average", {"type": "uniform", "start": 2.5}), "average.start"),
        ("v11-average-ema-with-start", _set("average", {"type": "ema", "decay": 0.9, "start": 10}), "average.start"),
        # reduce-on-plateau
        ("v11-plateau-factor-one", _lr(_plateau(factor=1.0)), lr + ".factor"),
        ("v11-plateau-factor-negative", _lr(_plateau(factor=-0.1)), lr + ".factor"),
        ("v11-plateau-patience-fractional", _lr(_plateau(patience=1.5)), lr + ".patience"),
        ("v11-plateau-cooldown-negative", _lr(_plateau(cooldown=-1)), lr + ".cooldown"),
        ("v11-plateau-threshold-negative", _lr(_plateau(threshold=-1e-4)), lr + ".threshold"),
        ("v11-plateau-unknown-threshold-mode", _lr(_plateau(thresholdMode="relative")), lr + ".thresholdMode"),
        ("v11-plateau-unknown-mode", _lr(_plateau(mode="minimize")), lr + ".mode"),
        ("v11-plateau-negative-minimum", _lr(_plateau(minimum=-1e-5)), lr + ".minimum"),
        ("v11-plateau-missing-initial", _lr({"type": "reduce-on-plateau", "patience": 2}), lr + ".initial"),
        ("v11-plateau-inside-warmup", _lr({"type": "warmup", "steps": 3, "then": _plateau()}), lr),
        ("v11-plateau-inside-sequence", _lr({"type": "sequence", "schedules": [0.01, _plateau()], "boundaries": [5]}), lr),
        ("v11-plateau-as-decay-rate", _term(0, rate=_plateau()), "decay[0].rate"),
        # decay additions
        ("v11-rate-and-timescale", _term(0, timescale=100), "decay[0]"),
        ("v11-neither-rate-nor-timescale", lambda c: c.update(decay=[{"type": "anchor", "scaling": "none"}]), "decay[0]"),
        ("v11-timescale-on-l2", lambda c: c.update(decay=[{"type": "l2", "timescale": 100}]), "decay[0].timescale"),
        ("v11-timescale-zero", _timescale_term(timescale=0), "decay[0].timescale"),
        ("v11-timescale-negative", _timescale_term(timescale=-10), "decay[0].timescale"),
        ("v11-timescale-infinite", _timescale_term(timescale=INF), "decay[0].timescale"),
        ("v11-corrected-on-l2", lambda c: c.update(decay=[{"type": "l2", "rate": 1e-4, "scaling": "corrected"}]), "decay[0].scaling"),
        ("v11-corrected-misspelt", _term(0, scaling="correct"), "decay[0].scaling"),
    ]
    return [{"name": name, "config": _with_11(mutate), "errorPath": path} for name, mutate, path in cases]
