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
