"""The optimizer cases: which configs, shapes and step counts the fixtures cover."""

MLP = {"dense/kernel": [4, 3], "dense/bias": [3]}
VEC = {"w": [6]}
CONV = {"conv/kernel": [2, 1, 2, 3], "conv/bias": [2], "norm/scale": []}
TWO = {"encoder/kernel": [3, 3], "encoder/bias": [3], "head/kernel": [3, 2]}
MAT = {"layer/weight": [3, 4]}

NO_BIAS = {"exclude": ["**/bias"]}


def optimizer(kind):
    """A writer of `kind` optimizer configs: optimizer("sgd")(0.1, momentum=0.9)."""
    def make(lr, **kw):
        return {"type": kind, "learningRate": lr, **kw}
    return make


sgd, adam, rmsprop, adagrad = (optimizer(k) for k in ("sgd", "adam", "rmsprop", "adagrad"))


def _term(kind, rate, **fields):
    """A decay term with the optional fields given, in this order; None (and an empty
    string or dict) means absent, while cautious=False is written out."""
    t = {"type": kind, "rate": rate}
    t.update((k, v) for k, v in fields.items() if v is not None and (v or isinstance(v, bool)))
    return t


def l2(rate, params=None):
    return _term("l2", rate, params=params)


def l1(rate, method=None, scaling=None, params=None):
    return _term("l1", rate, method=method, scaling=scaling, params=params)


def decoupled(rate, scaling=None, cautious=None, params=None):
    return _term("decoupled", rate, scaling=scaling, cautious=cautious, params=params)


def anchor(rate, scaling=None, params=None, cautious=None):
    return _term("anchor", rate, scaling=scaling, cautious=cautious, params=params)


def cfg(optimizer, *terms):
    c = {"optimizer": optimizer}
    if terms:
        c["decay"] = list(terms)
    return c


def case(group, name, config, shapes, steps, **data):
    return {"group": group, "name": name, "config": config, "shapes": shapes, "steps": steps, "data": data}


def cosine(initial, steps, minimum=None):
    s = {"type": "cosine", "initial": initial, "decaySteps": steps}
    if minimum is not None:
        s["minimum"] = minimum
    return s


def optimizer_cases():
    C = []
    # --- SGD with coupled L2 (PyTorch SGD(weight_decay)) and SGDW-style decoupled decay.
    g = "sgd"
    C += [
        case(g, "sgd-plain-l2", cfg(sgd(0.1), l2(0.01)), MLP, 6),
        case(g, "sgd-plain-l2-strong", cfg(sgd(0.05), l2(0.5)), VEC, 8),
        case(g, "sgd-plain-no-decay", cfg(sgd(0.1)), VEC, 4),
        case(g, "sgd-momentum-l2", cfg(sgd(0.05, momentum=0.9), l2(1e-3)), MLP, 10),
        case(g, "sgd-momentum-dampening-l2", cfg(sgd(0.05, momentum=0.9, dampening=0.5), l2(1e-2)), MLP, 10),
        case(g, "sgd-momentum-dampening-strong-l2", cfg(sgd(0.1, momentum=0.5, dampening=0.9), l2(0.1)), VEC, 6),
        case(g, "sgd-nesterov-l2", cfg(sgd(0.05, momentum=0.9, nesterov=True), l2(1e-2)), MLP, 10),
        case(g, "sgd-nesterov-small-lr-l2", cfg(sgd(1e-3, momentum=0.99, nesterov=True), l2(1e-4)), TWO, 12),
        case(g, "sgd-nesterov-l2-exclude-bias", cfg(sgd(0.02, momentum=0.8, nesterov=True), l2(5e-2, NO_BIAS)), MLP, 8),
        case(g, "sgd-momentum-l2-conv", cfg(sgd(0.01, momentum=0.9), l2(5e-4)), CONV, 6),
        case(g, "sgdw-momentum-decoupled", cfg(sgd(0.1, momentum=0.9), decoupled(0.1)), MLP, 8),
        case(g, "sgdw-none-scaling", cfg(sgd(0.05, momentum=0.9), decoupled(1e-3, "none")), MLP, 8),
        case(g, "sgd-dampening-decoupled-l2", cfg(sgd(0.03, momentum=0.7, dampening=0.2), l2(1e-2), decoupled(1e-2)), TWO, 9),
    ]
    # --- Adam with coupled L2 (PyTorch Adam(weight_decay)).
    g = "adam"
    C += [
        case(g, "adam-l2", cfg(adam(1e-3), l2(1e-2)), MLP, 8),
        case(g, "adam-l2-large-lr", cfg(adam(0.1), l2(0.1)), VEC, 10),
        case(g, "adam-l2-amsgrad", cfg(adam(1e-2, amsgrad=True), l2(1e-2)), MLP, 12),
        case(g, "adam-l2-amsgrad-betas", cfg(adam(1e-2, beta1=0.5, beta2=0.9, amsgrad=True), l2(1e-3)), TWO, 10),
        case(g, "adam-l2-eps-large", cfg(adam(1e-2, epsilon=1e-3), l2(1e-2)), VEC, 6),
        case(g, "adam-no-decay", cfg(adam(1e-2)), MLP, 5),
        case(g, "adam-l2-beta1-zero", cfg(adam(1e-2, beta1=0.0), l2(1e-2)), VEC, 6),
        case(g, "adam-l2-beta2-small", cfg(adam(1e-2, beta2=0.9), l2(1e-2)), MLP, 8),
        case(g, "adam-l2-tiny-grads", cfg(adam(1e-3), l2(1e-4)), VEC, 8, grad_scale=1e-6),
        case(g, "adam-l2-conv", cfg(adam(1e-3), l2(5e-4)), CONV, 6),
        case(g, "adam-l2-amsgrad-long", cfg(adam(1e-2, amsgrad=True), l2(1e-2)), MLP, 25, grad_growth=True),
        case(g, "adam-l2-exclude-bias", cfg(adam(1e-2), l2(1e-1, NO_BIAS)), MLP, 8),
    ]
    # --- AdamW (Adam + decoupled, scaling learning-rate): torch.optim.AdamW itself.
    g = "adamw"
    for lr in (1e-3, 1e-2, 0.1):
        for wd in (1e-2, 0.1):
            C.append(case(g, f"adamw-lr{lr:g}-wd{wd:g}", cfg(adam(lr), decoupled(wd)), MLP, 8))
    C += [
        case(g, "adamw-betas-0.8-0.99", cfg(adam(1e-2, beta1=0.8, beta2=0.99), decoupled(1e-2)), MLP, 10),
        case(g, "adamw-betas-0.95-0.9999", cfg(adam(1e-2, beta1=0.95, beta2=0.9999), decoupled(0.05)), TWO, 10),
        case(g, "adamw-betas-0-0.9", cfg(adam(1e-2, beta1=0.0, beta2=0.9), decoupled(1e-2)), VEC, 8),
        case(g, "adamw-eps-1e-6", cfg(adam(1e-3, epsilon=1e-6), decoupled(1e-2)), MLP, 8, grad_scale=1e-4),
        case(g, "adamw-eps-1e-3", cfg(adam(1e-2, epsilon=1e-3), decoupled(1e-2)), MLP, 8),
        case(g, "adamw-amsgrad", cfg(adam(1e-2, amsgrad=True), decoupled(1e-2)), MLP, 12, grad_growth=True),
        case(g, "adamw-wd-zero", cfg(adam(1e-2), decoupled(0.0)), VEC, 5),
        case(g, "adamw-wd-one", cfg(adam(1e-2), decoupled(1.0)), VEC, 6),
        case(g, "adamw-conv", cfg(adam(1e-3), decoupled(1e-2)), CONV, 6),
        case(g, "adamw-long", cfg(adam(3e-3), decoupled(0.05)), TWO, 25),
    ]
    # --- RMSprop, PyTorch conventions, coupled L2.
    g = "rmsprop"
    for centered in (False, True):
        for mom in (0.0, 0.9):
            for wd in (0.0, 1e-2):
                kw = {}
                if centered:
                    kw["centered"] = True
                if mom:
                    kw["momentum"] = mom
                name = "rmsprop" + ("-centered" if centered else "") + ("-momentum" if mom else "") + ("-l2" if wd else "")
                terms = [l2(wd)] if wd else []
                C.append(case(g, name, cfg(rmsprop(1e-2, **kw), *terms), MLP, 8))
    C += [
        case(g, "rmsprop-alpha-0.9-l2", cfg(rmsprop(1e-2, alpha=0.9), l2(1e-2)), TWO, 8),
        case(g, "rmsprop-eps-1e-6-centered-l2", cfg(rmsprop(1e-3, epsilon=1e-6, centered=True), l2(1e-3)), VEC, 8, grad_scale=1e-3),
        case(g, "rmsprop-long-momentum-l2", cfg(rmsprop(1e-3, momentum=0.5), l2(1e-2)), MLP, 20),
    ]
    # --- Adagrad, PyTorch conventions, coupled L2.
    g = "adagrad"
    for lr_decay in (0.0, 0.1):
        for init in (0.0, 0.1):
            for wd in (0.0, 1e-2):
                kw = {}
                if lr_decay:
                    kw["lrDecay"] = lr_decay
                if init:
                    kw["initialAccumulator"] = init
                name = "adagrad" + ("-lr-decay" if lr_decay else "") + ("-initial-accumulator" if init else "") + ("-l2" if wd else "")
                terms = [l2(wd)] if wd else []
                C.append(case(g, name, cfg(adagrad(0.1, **kw), *terms), MLP, 8))
    C += [
        case(g, "adagrad-eps-1e-6-l2", cfg(adagrad(0.05, epsilon=1e-6), l2(1e-3)), VEC, 8, grad_scale=1e-3),
        case(g, "adagrad-long-l2", cfg(adagrad(0.05, lrDecay=0.01), l2(1e-2)), TWO, 20),
    ]
    # --- L1: subgradient (autograd of λ·Σ|θ|) and proximal (soft-threshold after the step).
    g = "l1"
    C += [
        case(g, "l1-subgradient-sgd", cfg(sgd(0.1), l1(1e-2)), VEC, 6),
        case(g, "l1-subgradient-sgd-momentum", cfg(sgd(0.05, momentum=0.9), l1(1e-2, "subgradient")), MLP, 8),
        case(g, "l1-subgradient-adam", cfg(adam(1e-2), l1(1e-3)), MLP, 8),
        case(g, "l1-subgradient-adam-strong", cfg(adam(1e-3), l1(0.1)), VEC, 6),
        case(g, "l1-subgradient-plus-l2-sgd", cfg(sgd(0.1), l1(1e-2), l2(1e-2)), MLP, 6),
        case(g, "l1-subgradient-rmsprop", cfg(rmsprop(1e-2), l1(1e-2)), MLP, 8),
        case(g, "l1-subgradient-adagrad-exclude-bias", cfg(adagrad(0.1), l1(1e-2, params=NO_BIAS)), MLP, 8),
        case(g, "l1-subgradient-adamw", cfg(adam(1e-2), l1(1e-3), decoupled(1e-2)), MLP, 8),
        case(g, "l1-proximal-sgd", cfg(sgd(0.1), l1(0.05, "proximal")), VEC, 6),
        case(g, "l1-proximal-adam", cfg(adam(1e-2), l1(0.5, "proximal", "learning-rate")), MLP, 10),
        case(g, "l1-proximal-relative", cfg(adam(cosine(1e-2, 12)), l1(0.3, "proximal", "relative")), MLP, 12),
        case(g, "l1-proximal-none", cfg(sgd(0.05, momentum=0.9), l1(2e-3, "proximal", "none")), MLP, 8),
        case(g, "l1-proximal-plus-adamw", cfg(adam(1e-2), decoupled(0.1), l1(0.1, "proximal")), TWO, 10),
        case(g, "l1-proximal-adagrad-exclude-bias", cfg(adagrad(0.05), l1(0.2, "proximal", params=NO_BIAS)), MLP, 8),
        case(g, "l1-proximal-plus-l2-rmsprop", cfg(rmsprop(1e-2), l2(1e-2), l1(0.2, "proximal")), MLP, 8),
    ]
    # --- Decoupled decay beyond AdamW: relative / none scaling, decay-rate schedules.
    g = "decoupled"
    C += [
        case(g, "decoupled-relative-cosine", cfg(adam(cosine(1e-2, 20)), decoupled(0.1, "relative")), MLP, 20),
        case(g, "decoupled-relative-onecycle",
             cfg(adam({"type": "one-cycle", "maximum": 1e-2, "totalSteps": 20}), decoupled(1e-2, "relative")), MLP, 20),
        case(g, "decoupled-relative-constant-lr", cfg(adam(1e-2), decoupled(1e-2, "relative")), VEC, 6),
        case(g, "decoupled-none-adam", cfg(adam(1e-3), decoupled(1e-4, "none")), MLP, 8),
        case(g, "decoupled-none-sgd-momentum", cfg(sgd(0.05, momentum=0.9), decoupled(1e-3, "none")), TWO, 10),
        case(g, "decoupled-rate-cosine-schedule", cfg(adam(1e-2), decoupled(cosine(0.1, 12))), MLP, 12),
        case(g, "decoupled-rate-linear-none", cfg(sgd(0.1), decoupled({"type": "linear", "start": 0.0, "end": 1e-3, "steps": 6}, "none")), MLP, 10),
        case(g, "decoupled-rate-step-relative",
             cfg(adam({"type": "step", "initial": 1e-2, "stepSize": 4, "gamma": 0.5}),
                 decoupled({"type": "step", "initial": 0.1, "stepSize": 3, "gamma": 0.5}, "relative")), MLP, 12),
        case(g, "decoupled-rmsprop", cfg(rmsprop(1e-2), decoupled(0.05)), MLP, 8),
        case(g, "decoupled-adagrad-relative-exponential",
             cfg(adagrad({"type": "exponential", "initial": 0.1, "gamma": 0.9}), decoupled(0.05, "relative")), MLP, 10),
        case(g, "decoupled-rate-piecewise-none",
             cfg(adam(1e-2), decoupled({"type": "piecewise", "boundaries": [3, 6], "values": [1e-3, 5e-4, 0.0]}, "none")), VEC, 9),
        case(g, "decoupled-plus-l2-adam", cfg(adam(1e-2), l2(1e-3), decoupled(1e-2)), MLP, 8),
        case(g, "decoupled-rate-and-lr-schedules",
             cfg(adam({"type": "multistep", "initial": 1e-2, "milestones": [4, 8], "gamma": 0.3}),
                 decoupled({"type": "exponential", "initial": 0.1, "gamma": 0.8})), TWO, 12),
    ]
    # --- Anchor (L2-SP): θ ← θ − s·λ·(θ − θ₀), θ₀ = parameters before the first update.
    g = "anchor"
    C += [
        case(g, "anchor-adam", cfg(adam(1e-2), anchor(0.1)), MLP, 10),
        case(g, "anchor-sgd-momentum", cfg(sgd(0.1, momentum=0.9), anchor(0.5)), MLP, 10),
        case(g, "anchor-relative-cosine", cfg(adam(cosine(1e-2, 15)), anchor(0.5, "relative")), MLP, 15),
        case(g, "anchor-none-sgd", cfg(sgd(0.1), anchor(1e-2, "none")), VEC, 8),
        case(g, "anchor-kernels-plus-l2", cfg(adam(1e-2), anchor(0.2, params=NO_BIAS), l2(1e-2)), MLP, 10),
        case(g, "anchor-rate-schedule", cfg(adam(1e-2), anchor({"type": "exponential", "initial": 0.5, "gamma": 0.8})), TWO, 10),
        case(g, "anchor-rmsprop-minrank", cfg(rmsprop(1e-2), anchor(0.3, params={"minRank": 2})), CONV, 8),
    ]
    # --- Cautious decoupled decay: shrink only where the step's direction u has u·θ ≥ 0.
    g = "cautious"
    C += [
        case(g, "cautious-adamw", cfg(adam(1e-2), decoupled(0.1, cautious=True)), MLP, 10),
        case(g, "cautious-sgd-momentum", cfg(sgd(0.1, momentum=0.9), decoupled(0.5, cautious=True)), MLP, 10),
        case(g, "cautious-relative-cosine", cfg(adam(cosine(1e-2, 20, 1e-4)), decoupled(0.2, "relative", True)), MLP, 20),
        case(g, "cautious-none-rmsprop", cfg(rmsprop(1e-2), decoupled(1e-3, "none", True)), MLP, 8),
        case(g, "cautious-with-l2", cfg(adam(1e-2), l2(1e-2), decoupled(0.1, cautious=True)), TWO, 10),
        case(g, "cautious-adagrad-exclude-bias", cfg(adagrad(0.1), decoupled(0.2, cautious=True, params=NO_BIAS)), MLP, 8),
        case(g, "cautious-sgd-nesterov", cfg(sgd(0.05, momentum=0.9, nesterov=True), decoupled(0.3, cautious=True)), VEC, 8),
        case(g, "cautious-false-explicit", cfg(adam(1e-2), decoupled(0.1, cautious=False)), VEC, 6),
    ]
    # --- Every PyTorch lr scheduler driving an optimizer for ≥ 20 updates.
    g = "scheduled"
    C += [
        case(g, "sgd-momentum-steplr", cfg(sgd({"type": "step", "initial": 0.1, "stepSize": 5, "gamma": 0.5}, momentum=0.9), l2(1e-3)), MLP, 20),
        case(g, "adam-multisteplr", cfg(adam({"type": "multistep", "initial": 1e-2, "milestones": [5, 10, 15], "gamma": 0.5}), l2(1e-2)), MLP, 20),
        case(g, "adamw-exponentiallr", cfg(adam({"type": "exponential", "initial": 1e-2, "gamma": 0.9}), decoupled(1e-2)), MLP, 20),
        case(g, "adamw-cosineannealinglr", cfg(adam(cosine(1e-2, 24, 1e-4)), decoupled(0.05)), MLP, 25),
        case(g, "adamw-warm-restarts-tmult1",
             cfg(adam({"type": "cosine-restarts", "initial": 1e-2, "firstPeriod": 5, "periodMultiplier": 1, "minimum": 1e-4}), decoupled(1e-2)), MLP, 20),
        case(g, "sgd-warm-restarts-tmult2",
             cfg(sgd({"type": "cosine-restarts", "initial": 0.1, "firstPeriod": 3, "periodMultiplier": 2}, momentum=0.9), l2(1e-2)), MLP, 22),
        case(g, "rmsprop-linearlr", cfg(rmsprop({"type": "linear", "start": 2.5e-3, "end": 1e-2, "steps": 10}), l2(1e-2)), MLP, 20),
        case(g, "adagrad-polynomiallr", cfg(adagrad({"type": "polynomial", "initial": 0.1, "decaySteps": 15, "power": 2.0}), l2(1e-2)), MLP, 20),
        case(g, "adamw-onecyclelr", cfg(adam({"type": "one-cycle", "maximum": 1e-2, "totalSteps": 25}), decoupled(1e-2)), MLP, 25),
        case(g, "adamw-sequentiallr-warmup-cosine",
             cfg(adam({"type": "sequence", "schedules": [{"type": "linear", "start": 1e-3, "end": 1e-2, "steps": 5}, cosine(1e-2, 20)],
                       "boundaries": [5]}), decoupled(0.05)), TWO, 25),
        case(g, "adamw-warmup-cosine",
             cfg(adam({"type": "warmup", "steps": 5, "start": 1e-3, "then": cosine(1e-2, 20)}), decoupled(0.05, params=NO_BIAS)), MLP, 25),
        case(g, "sgd-nesterov-sequentiallr-linear-step",
             cfg(sgd({"type": "sequence", "schedules": [{"type": "linear", "start": 0.1, "end": 0.02, "steps": 4},
                                                        {"type": "step", "initial": 0.1, "stepSize": 6, "gamma": 0.3}],
                      "boundaries": [8]}, momentum=0.9, nesterov=True), l2(1e-3)), MLP, 21),
        case(g, "adam-amsgrad-exponentiallr-l1", cfg(adam({"type": "exponential", "initial": 1e-2, "gamma": 0.95}, amsgrad=True), l1(1e-3)), MLP, 20),
        # η_0 = 0: nothing moves at t = 0 but Adam's m and v must still take in g_0.
        case(g, "adamw-warmup-from-zero-lr",
             cfg(adam({"type": "warmup", "steps": 4, "then": cosine(1e-2, 20)}), decoupled(0.05)), MLP, 22),
        case(g, "decoupled-relative-warmup-from-zero-lr",
             cfg(sgd({"type": "warmup", "steps": 5, "then": {"type": "exponential", "initial": 0.1, "gamma": 0.9}}, momentum=0.9),
                 decoupled(0.2, "relative")), TWO, 20),
        case(g, "adamw-polynomial-power-half", cfg(adam({"type": "polynomial", "initial": 1e-2, "decaySteps": 20, "power": 0.5}), decoupled(0.1)), VEC, 20),
    ]
    # --- Parameter selection: decay off for biases / rank < 2, patterns, explicit names.
    g = "param-groups"
    C += [
        case(g, "adamw-exclude-bias", cfg(adam(1e-2), decoupled(0.1, params=NO_BIAS)), MLP, 8),
        case(g, "adamw-minrank-2", cfg(adam(1e-2), decoupled(0.1, params={"minRank": 2})), CONV, 8),
        case(g, "adam-l2-minrank-2", cfg(adam(1e-2), l2(0.05, {"minRank": 2})), CONV, 8),
        case(g, "sgd-l2-include-pattern", cfg(sgd(0.1, momentum=0.9), l2(0.05, {"include": ["encoder/*"]})), TWO, 8),
        case(g, "sgd-l2-include-plus-names", cfg(sgd(0.1), l2(0.05, {"include": ["encoder/kernel"], "names": ["head/kernel"]})), TWO, 6),
        case(g, "adam-mixed-terms-per-group",
             cfg(adam(1e-2), l2(1e-3), decoupled(1e-2, params={"minRank": 2}), l1(0.2, "proximal", params={"include": ["head/**"]})), TWO, 10),
        case(g, "rmsprop-l2-exclude-two-patterns", cfg(rmsprop(1e-2), l2(1e-2, {"exclude": ["**/bias", "norm/*"]})), CONV, 8),
        case(g, "adagrad-anchor-minrank-2", cfg(adagrad(0.1), anchor(0.3, params={"minRank": 2}), l2(1e-2, {"include": ["**/bias"]})), CONV, 8),
    ]
    # --- Shapes of rank 0 to 4 with exact zeros in the values.
    g = "shapes"
    C += [
        case(g, "rank0-scalar-adamw", cfg(adam(1e-2), decoupled(0.1)), {"scale": []}, 6),
        case(g, "rank1-vector-sgd-l2", cfg(sgd(0.1, momentum=0.9), l2(1e-2)), {"bias": [7]}, 6),
        case(g, "rank2-matrix-rmsprop-l2", cfg(rmsprop(1e-2, centered=True), l2(1e-2)), MAT, 6),
        case(g, "rank3-adagrad-l2", cfg(adagrad(0.1), l2(1e-2)), {"seq/kernel": [2, 3, 2]}, 6),
        case(g, "rank4-conv-adamw", cfg(adam(1e-2), decoupled(0.1)), {"conv2d/kernel": [2, 2, 2, 3]}, 6),
        case(g, "ranks-0-2-4-adamw-minrank", cfg(adam(1e-2), decoupled(0.1, params={"minRank": 2})),
             {"a/scale": [], "a/kernel": [2, 3], "b/kernel": [1, 2, 2, 2]}, 8),
        case(g, "all-zero-param-l1-sgd", cfg(sgd(0.1), l1(1e-2), l2(1e-2)), {"w": [5]}, 5, all_zero=True),
        case(g, "unit-dims-rank4-adam-l2", cfg(adam(1e-2), l2(1e-2)), {"k": [1, 1, 1, 3], "s": [1]}, 6),
    ]
    # --- Several decoupled/anchor terms on one parameter: each reads θ_t, so the shrinks add.
    # (Appended last: a case's input seed follows its position, so earlier cases keep theirs.)
    g = "decoupled"
    C += [
        case(g, "several-shrinks-adam-decoupled-anchor-none", cfg(adam(1e-2), decoupled(0.1), anchor(0.2), decoupled(0.05, "none")), MLP, 10),
        case(g, "several-shrinks-sgd-cautious-plus-kernels", cfg(sgd(0.1, momentum=0.9), decoupled(0.2, cautious=True), decoupled(0.1, params=NO_BIAS)), MLP, 8),
    ]
    # --- Cautious anchor: shrink toward θ₀ only where u·(θ_t − θ₀) ≥ 0, i.e. where the step
    # already moves θ toward the anchor (the lead's reading of semantics.md's cautious rule
    # for an anchor term; core's update/kernels.ts implements the same). θ₀ = the parameters
    # before the first update. Appended last, for the same seed reason as above.
    g = "cautious"
    C += [
        case(g, "cautious-anchor-adam", cfg(adam(1e-2), anchor(0.5, cautious=True)), MLP, 10),
        case(g, "cautious-anchor-sgd-momentum", cfg(sgd(0.1, momentum=0.9), anchor(0.5, cautious=True)), MLP, 10),
        case(g, "cautious-anchor-none-rmsprop", cfg(rmsprop(1e-2), anchor(0.05, "none", cautious=True)), MLP, 8),
        case(g, "cautious-anchor-plus-proximal-l1", cfg(adam(1e-2), anchor(0.5, cautious=True), l1(0.2, "proximal")), TWO, 10),
    ]
    return C
