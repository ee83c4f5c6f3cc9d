"""The config 1.1 optimizer cases (the config 1.1 contract), written to fixtures-1.1/.

Every item of the contract has its group: the five new optimizers, `gradient` (clip,
accumulate, nonFinite), `groups`, `average`, `reduce-on-plateau`, and the decay additions
(`corrected` scaling, `timescale`), several combined with the version-1 decay terms.
"""
import math

from wd_cases import MLP, NO_BIAS, TWO, VEC, CONV, adam, adagrad, anchor, case, cosine, decoupled, l1, l2, optimizer, rmsprop, sgd


adamax, radam, nadam, lion = (optimizer(k) for k in ("adamax", "radam", "nadam", "lion"))


def adadelta(lr=None, **kw):
    """Adadelta's learningRate may be left out (default 1.0, as PyTorch's)."""
    return {"type": "adadelta", **({} if lr is None else {"learningRate": lr}), **kw}


def timescale(kind, tau, scaling=None, **fields):
    """A decoupled or anchor term given by its timescale τ instead of a rate."""
    t = {"type": kind, "timescale": tau}
    if scaling is not None:
        t["scaling"] = scaling
    t.update((k, v) for k, v in fields.items() if v is not None)
    return t


def plateau(initial, **kw):
    return {"type": "reduce-on-plateau", "initial": initial, **kw}


def cfg11(optimizer, *terms, gradient=None, groups=None, average=None, version=None):
    """A config with the 1.1 sections given; absent ones are left out, as a user would."""
    c = {} if version is None else {"version": version}
    c["optimizer"] = optimizer
    if terms:
        c["decay"] = list(terms)
    for key, value in (("gradient", gradient), ("groups", groups), ("average", average)):
        if value is not None:
            c[key] = value
    return c


def clip_norm(max_norm, per_tensor=False):
    return {"type": "norm" if per_tensor else "global-norm", "maxNorm": max_norm}


def clip_value(max_value):
    return {"type": "value", "maxValue": max_value}


def metric_series(n, improving=4, floor=0.3, wiggle=0.004, phase=0.0, every=1, maximize=False):
    """Deterministic validation-loss-like reports, one per update (None where nothing is reported):
    a loss that halves its distance to `floor` for `improving` reports, then wiggles by ±wiggle
    relative around it, so ReduceLROnPlateau meets both improvements and plateaus."""
    out = []
    for j in range(n):
        if (j + 1) % every:
            out.append(None)
            continue
        r = j // every
        v = (floor + (1 - floor) * 0.5 ** min(r, improving)) * (1 + wiggle * math.sin(2.3 * r + phase))
        v = float(f"{v:.6g}")
        out.append(float(f"{1 - v:.6g}") if maximize else v)
    return out


def with_metrics(spec, metrics):
    spec["metrics"] = metrics
    return spec


def optimizer_cases_11():
    C = []
    # --- New optimizers PyTorch 1.13 has: Adamax, RAdam, Adadelta (torch.optim, float64).
    g = "adamax"
    C += [
        case(g, "adamax-defaults", cfg11(adamax(2e-3)), MLP, 10),
        case(g, "adamax-betas", cfg11(adamax(1e-2, beta1=0.8, beta2=0.95)), TWO, 10),
        case(g, "adamax-eps-large", cfg11(adamax(1e-2, epsilon=1e-2)), VEC, 8, grad_scale=1e-2),
        case(g, "adamax-l2", cfg11(adamax(1e-2), l2(1e-2)), MLP, 8),
        case(g, "adamax-decoupled", cfg11(adamax(1e-2), decoupled(0.1)), MLP, 8),
        case(g, "adamax-cautious-decoupled", cfg11(adamax(1e-2), decoupled(0.2, cautious=True)), MLP, 8),
        case(g, "adamax-proximal-l1-long", cfg11(adamax(5e-3), l1(0.3, "proximal")), TWO, 20, grad_growth=True),
    ]
    g = "radam"
    C += [
        # ρ_k > 5 from k = 6 on with β2 = 0.999: the first updates are plain momentum SGD.
        case(g, "radam-defaults-both-branches", cfg11(radam(1e-2)), MLP, 12),
        case(g, "radam-beta2-0.9", cfg11(radam(1e-2, beta2=0.9)), MLP, 10),
        case(g, "radam-l2", cfg11(radam(1e-2), l2(1e-2)), MLP, 10),
        case(g, "radam-decoupled", cfg11(radam(1e-2), decoupled(0.1)), TWO, 10),
        case(g, "radam-anchor", cfg11(radam(1e-2), anchor(0.5)), MLP, 10),
        case(g, "radam-cautious", cfg11(radam(1e-2, beta1=0.8), decoupled(0.2, cautious=True)), MLP, 10),
        case(g, "radam-long-cosine", cfg11(radam(cosine(1e-2, 20))), TWO, 20),
    ]
    g = "adadelta"
    C += [
        case(g, "adadelta-default-learning-rate", cfg11(adadelta()), MLP, 10),
        case(g, "adadelta-rho-eps", cfg11(adadelta(0.5, rho=0.95, epsilon=1e-4)), MLP, 10),
        case(g, "adadelta-rho-one", cfg11(adadelta(1.0, rho=1.0)), VEC, 6),
        case(g, "adadelta-l2", cfg11(adadelta(1.0), l2(1e-2)), MLP, 8),
        case(g, "adadelta-decoupled-none", cfg11(adadelta(1.0), decoupled(1e-3, "none")), MLP, 8),
        case(g, "adadelta-anchor-relative-cosine", cfg11(adadelta(cosine(1.0, 12)), anchor(0.05, "relative")), TWO, 12),
        case(g, "adadelta-cautious", cfg11(adadelta(1.0), decoupled(0.01, cautious=True)), MLP, 8),
    ]
    # --- NAdam by the PyTorch ≥ 2.0 formula (1.13's has the mu_product bug), by hand in float64.
    g = "nadam"
    C += [
        case(g, "nadam-defaults", cfg11(nadam(1e-2)), MLP, 10),
        case(g, "nadam-momentum-decay-zero", cfg11(nadam(1e-2, momentumDecay=0.0)), MLP, 10),
        case(g, "nadam-momentum-decay-large", cfg11(nadam(1e-2, momentumDecay=0.05)), TWO, 12),
        case(g, "nadam-betas-eps", cfg11(nadam(1e-2, beta1=0.8, beta2=0.99, epsilon=1e-6)), MLP, 10),
        case(g, "nadam-l2", cfg11(nadam(1e-2), l2(1e-2)), MLP, 8),
        case(g, "nadam-decoupled", cfg11(nadam(1e-2), decoupled(0.1)), MLP, 8),
        case(g, "nadam-cautious", cfg11(nadam(1e-2), decoupled(0.2, cautious=True)), MLP, 8),
        case(g, "nadam-long-warmup-cosine", cfg11(nadam({"type": "warmup", "steps": 4, "start": 1e-3, "then": cosine(1e-2, 16)})), TWO, 20),
    ]
    # --- Lion (optax scale_by_lion), by hand; its weight decay is a decoupled term.
    g = "lion"
    C += [
        case(g, "lion-defaults", cfg11(lion(1e-3)), MLP, 10),
        case(g, "lion-betas", cfg11(lion(1e-3, beta1=0.95, beta2=0.98)), TWO, 10),
        case(g, "lion-beta1-zero-is-signsgd", cfg11(lion(1e-3, beta1=0.0)), VEC, 6),
        case(g, "lion-decoupled", cfg11(lion(3e-4), decoupled(1.0)), MLP, 10),
        case(g, "lion-decoupled-none", cfg11(lion(1e-3), decoupled(1e-3, "none")), MLP, 8),
        case(g, "lion-l2", cfg11(lion(1e-3), l2(0.1)), MLP, 8),
        case(g, "lion-cautious", cfg11(lion(1e-3), decoupled(0.5, cautious=True)), MLP, 10),
        case(g, "lion-anchor-proximal", cfg11(lion(1e-3), anchor(0.5), l1(0.1, "proximal")), TWO, 10),
        case(g, "lion-long-cosine-exclude-bias", cfg11(lion(cosine(1e-3, 20)), decoupled(0.5, params=NO_BIAS)), MLP, 20),
    ]
    # --- gradient.clip: clip_grad_norm_ (global and per tensor), clip_grad_value_, before coupled terms.
    g = "clip"
    C += [
        case(g, "clip-global-norm-adamw", cfg11(adam(1e-2), decoupled(0.1), gradient={"clip": clip_norm(1.0)}), MLP, 8),
        case(g, "clip-global-norm-partial-sgd", cfg11(sgd(0.05, momentum=0.9), gradient={"clip": clip_norm(12.0)}), MLP, 10, grad_growth=True),
        case(g, "clip-global-norm-before-l2", cfg11(sgd(0.1), l2(0.5), gradient={"clip": clip_norm(0.5)}), MLP, 6),
        case(g, "clip-global-norm-before-l1", cfg11(sgd(0.1), l1(0.05), gradient={"clip": clip_norm(0.5)}), VEC, 6),
        case(g, "clip-global-norm-conv-rmsprop", cfg11(rmsprop(1e-2), l2(1e-2), gradient={"clip": clip_norm(2.0)}), CONV, 8),
        case(g, "clip-global-norm-lion", cfg11(lion(1e-3), decoupled(0.5), gradient={"clip": clip_norm(1.0)}), TWO, 8),
        case(g, "clip-global-norm-radam", cfg11(radam(1e-2), gradient={"clip": clip_norm(3.0)}), MLP, 12, grad_growth=True),
        case(g, "clip-norm-per-tensor-adam", cfg11(adam(1e-2), gradient={"clip": clip_norm(1.0, True)}), MLP, 8),
        case(g, "clip-norm-per-tensor-partial-sgd", cfg11(sgd(0.1, momentum=0.5), gradient={"clip": clip_norm(2.5, True)}), MLP, 8),
        case(g, "clip-norm-per-tensor-l2-adagrad", cfg11(adagrad(0.1), l2(0.1), gradient={"clip": clip_norm(1.5, True)}), TWO, 8),
        case(g, "clip-norm-per-tensor-nadam", cfg11(nadam(1e-2), decoupled(0.1), gradient={"clip": clip_norm(1.0, True)}), CONV, 8),
        case(g, "clip-value-sgd", cfg11(sgd(0.1), gradient={"clip": clip_value(0.5)}), MLP, 6),
        case(g, "clip-value-adamw", cfg11(adam(1e-2), decoupled(0.1), gradient={"clip": clip_value(0.8)}), MLP, 8),
        case(g, "clip-value-before-l2-adagrad", cfg11(adagrad(0.1), l2(0.2), gradient={"clip": clip_value(0.3)}), MLP, 8),
        case(g, "clip-value-adamax", cfg11(adamax(1e-2), gradient={"clip": clip_value(1.0)}), TWO, 8, grad_growth=True),
    ]
    # --- gradient.accumulate: each step is a micro-batch; the update uses their mean, t counts updates.
    g = "accumulate"
    C += [
        case(g, "accumulate-2-sgd", cfg11(sgd(0.1), gradient={"accumulate": 2}), MLP, 8),
        case(g, "accumulate-4-adamw", cfg11(adam(1e-2), decoupled(0.1), gradient={"accumulate": 4}), MLP, 16),
        case(g, "accumulate-3-step-schedule", cfg11(sgd({"type": "step", "initial": 0.1, "stepSize": 2, "gamma": 0.5}, momentum=0.9), l2(1e-2),
                                                      gradient={"accumulate": 3}), TWO, 15),
        case(g, "accumulate-2-proximal-l1", cfg11(adam(1e-2), l1(0.2, "proximal"), gradient={"accumulate": 2}), MLP, 10),
        case(g, "accumulate-2-clip-global-norm", cfg11(adam(1e-2), gradient={"accumulate": 2, "clip": clip_norm(1.0)}), MLP, 10),
        case(g, "accumulate-3-trailing-micro-batches", cfg11(rmsprop(1e-2), gradient={"accumulate": 3}), VEC, 8),
        case(g, "accumulate-1-explicit", cfg11(adam(1e-2), decoupled(0.05), gradient={"accumulate": 1}), VEC, 5),
        case(g, "accumulate-2-lion-cautious", cfg11(lion(1e-3), decoupled(0.5, cautious=True), gradient={"accumulate": 2}), MLP, 12),
    ]
    # --- gradient.nonFinite: "NaN"/"Infinity" in grads; skip drops the whole update.
    g = "non-finite"
    C += [
        case(g, "skip-nan-sgd-momentum", cfg11(sgd(0.1, momentum=0.9), gradient={"nonFinite": "skip"}), MLP, 8, nonfinite={2: "NaN"}),
        case(g, "skip-infinity-adamw", cfg11(adam(1e-2), decoupled(0.1), gradient={"nonFinite": "skip"}), MLP, 8,
             nonfinite={1: "Infinity", 5: "-Infinity"}),
        case(g, "skip-keeps-t-step-schedule", cfg11(adam({"type": "step", "initial": 1e-2, "stepSize": 2, "gamma": 0.5}),
                                                    gradient={"nonFinite": "skip"}), TWO, 9, nonfinite={1: "NaN", 2: "NaN"}),
        case(g, "skip-with-accumulate", cfg11(sgd(0.1, momentum=0.9), gradient={"accumulate": 2, "nonFinite": "skip"}), MLP, 10,
             nonfinite={2: "Infinity"}),
        case(g, "skip-with-clip-and-ema", cfg11(adam(1e-2), gradient={"clip": clip_norm(1.0), "nonFinite": "skip"},
                                                average={"type": "ema", "decay": 0.8}), MLP, 8, nonfinite={3: "NaN"}),
        case(g, "skip-first-update-lion", cfg11(lion(1e-3), decoupled(0.5), gradient={"nonFinite": "skip"}), VEC, 6, nonfinite={0: "-Infinity"}),
        # propagate (PyTorch's behaviour): cases whose parameters stay finite.
        case(g, "propagate-infinity-clip-value-adam", cfg11(adam(1e-2), gradient={"clip": clip_value(1.0), "nonFinite": "propagate"}), MLP, 6,
             nonfinite={2: "Infinity"}),
        case(g, "propagate-minus-infinity-clip-value-sgd", cfg11(sgd(0.1, momentum=0.9), gradient={"clip": clip_value(0.5)}), MLP, 6,
             nonfinite={1: "-Infinity"}),
        case(g, "propagate-infinity-lion", cfg11(lion(1e-3)), MLP, 8, nonfinite={2: "Infinity"}),
        case(g, "error-with-finite-grads", cfg11(adam(1e-2), decoupled(0.1), gradient={"nonFinite": "error"}), MLP, 5),
    ]
    # --- groups: first matching group wins; learningRateScale; overrides; whole optimizers.
    g = "groups"
    enc = {"include": ["encoder/**"]}
    C += [
        case(g, "groups-scale-encoder-adamw", cfg11(adam(1e-2), decoupled(0.1), groups=[{"params": enc, "learningRateScale": 0.1}]), TWO, 8),
        case(g, "groups-scale-zero-freezes", cfg11(sgd(0.1, momentum=0.9), l2(1e-2), groups=[{"params": enc, "learningRateScale": 0.0}]), TWO, 6),
        case(g, "groups-scale-two-cosine", cfg11(adam(cosine(1e-2, 10)), decoupled(0.05), groups=[{"params": {"minRank": 2}, "learningRateScale": 2.0}]),
             MLP, 10),
        case(g, "groups-scale-relative-decay", cfg11(adam(cosine(1e-2, 10)), decoupled(0.1, "relative"),
                                                     groups=[{"params": enc, "learningRateScale": 0.5}]), TWO, 10),
        case(g, "groups-override-beta2", cfg11(adam(1e-2), groups=[{"params": {"names": ["head/kernel"]}, "optimizer": {"beta2": 0.95}}]), TWO, 8),
        case(g, "groups-override-momentum-sgd", cfg11(sgd(0.1, momentum=0.9), groups=[{"params": {"include": ["**/bias"]}, "optimizer": {"momentum": 0.0}}]),
             MLP, 8),
        case(g, "groups-override-learning-rate", cfg11(adam(1e-2), decoupled(0.1),
                                                       groups=[{"params": enc, "optimizer": {"learningRate": 1e-3, "epsilon": 1e-6}}]), TWO, 8),
        case(g, "groups-override-learning-rate-schedule", cfg11(sgd(0.1), groups=[{"params": {"include": ["**/bias"]},
                                                                                      "optimizer": {"learningRate": cosine(0.2, 8)}}]), MLP, 8),
        case(g, "groups-lion-kernels-adamw-rest", cfg11(adam(1e-2), decoupled(0.1),
                                                        groups=[{"params": {"minRank": 2}, "optimizer": {"type": "lion", "learningRate": 3e-4}}]), MLP, 10),
        case(g, "groups-sgd-group-in-adam", cfg11(adam(1e-2), groups=[{"params": {"include": ["head/**"]},
                                                                          "optimizer": {"type": "sgd", "learningRate": 0.1, "momentum": 0.9}}]), TWO, 8),
        case(g, "groups-own-optimizer-scaled", cfg11(adam(1e-2), decoupled(0.05), groups=[
            {"params": enc, "learningRateScale": 0.5, "optimizer": {"type": "nadam", "learningRate": cosine(1e-2, 8)}}]), TWO, 8),
        case(g, "groups-adadelta-group-default-lr", cfg11(sgd(0.05), groups=[{"params": {"include": ["**/bias"]}, "optimizer": {"type": "adadelta"}}]),
             MLP, 8),
        case(g, "groups-first-match-wins", cfg11(adam(1e-2), groups=[
            {"params": {"names": ["encoder/bias"]}, "learningRateScale": 3.0},
            {"params": enc, "learningRateScale": 0.2},
            {"params": {"include": ["**/bias"]}, "optimizer": {"beta1": 0.5}}]), TWO, 8),
        case(g, "groups-radam-adamax-and-top", cfg11(sgd(0.1, momentum=0.9), l2(1e-2), groups=[
            {"params": enc, "optimizer": {"type": "radam", "learningRate": 1e-2}},
            {"params": {"include": ["head/**"]}, "optimizer": {"type": "adamax", "learningRate": 2e-2}}]),
             {**TWO, "extra/bias": [2]}, 10),
        case(g, "groups-corrected-scaled", cfg11(adam(cosine(1e-2, 10)), decoupled(0.2, "corrected"),
                                                 groups=[{"params": {"minRank": 2}, "learningRateScale": 0.3}]), MLP, 10),
        case(g, "groups-cautious-scaled", cfg11(adam(1e-2), decoupled(0.2, cautious=True), groups=[{"params": enc, "learningRateScale": 0.25}]),
             TWO, 8),
    ]
    # --- average: torch.optim.swa_utils.AveragedModel, EMA avg_fn or the default mean.
    g = "average"
    C += [
        case(g, "ema-0.9-adamw", cfg11(adam(1e-2), decoupled(0.1), average={"type": "ema", "decay": 0.9}), MLP, 10),
        case(g, "ema-0.99-sgd-momentum", cfg11(sgd(0.1, momentum=0.9), average={"type": "ema", "decay": 0.99}), TWO, 12),
        case(g, "ema-decay-zero-is-live", cfg11(adam(1e-2), average={"type": "ema", "decay": 0.0}), VEC, 5),
        case(g, "ema-decay-one-keeps-first", cfg11(adam(1e-2), average={"type": "ema", "decay": 1.0}), VEC, 5),
        case(g, "ema-lion", cfg11(lion(1e-3), decoupled(0.5), average={"type": "ema", "decay": 0.5}), MLP, 8),
        case(g, "uniform-from-start", cfg11(sgd(0.1), l2(1e-2), average={"type": "uniform"}), MLP, 8),
        case(g, "uniform-start-3-cosine", cfg11(adam(cosine(1e-2, 12)), decoupled(0.1), average={"type": "uniform", "start": 3}), MLP, 12),
        case(g, "uniform-with-accumulate", cfg11(adam(1e-2), gradient={"accumulate": 2}, average={"type": "uniform", "start": 1}), TWO, 12),
        case(g, "ema-with-groups-and-clip", cfg11(adam(1e-2), decoupled(0.1), gradient={"clip": clip_norm(1.0)},
                                                  groups=[{"params": {"minRank": 2}, "learningRateScale": 0.5}],
                                                  average={"type": "ema", "decay": 0.7}), MLP, 8),
    ]
    # --- reduce-on-plateau, driven by the `metric` reported after an update.
    g = "plateau"
    C += [
        with_metrics(case(g, "plateau-defaults-patience-2", cfg11(sgd(plateau(0.1, patience=2), momentum=0.9)), MLP, 16), metric_series(16)),
        with_metrics(case(g, "plateau-patience-0-adam", cfg11(adam(plateau(1e-2, patience=0, factor=0.5)), decoupled(0.1)), MLP, 12),
                     metric_series(12, improving=3)),
        with_metrics(case(g, "plateau-cooldown", cfg11(adam(plateau(1e-2, patience=1, cooldown=2, factor=0.5))), TWO, 16),
                     metric_series(16, improving=2, phase=1.0)),
        with_metrics(case(g, "plateau-threshold-abs", cfg11(sgd(plateau(0.1, patience=1, threshold=0.01, thresholdMode="abs"))), MLP, 14),
                     metric_series(14, improving=5, wiggle=0.03)),
        with_metrics(case(g, "plateau-threshold-rel-large", cfg11(adam(plateau(1e-2, patience=1, threshold=0.05))), MLP, 12),
                     metric_series(12, improving=6, wiggle=0.02)),
        with_metrics(case(g, "plateau-mode-max", cfg11(adam(plateau(1e-2, mode="max", patience=1, factor=0.3))), MLP, 14),
                     metric_series(14, improving=3, maximize=True)),
        with_metrics(case(g, "plateau-minimum-reached", cfg11(sgd(plateau(0.1, patience=0, factor=0.5, minimum=0.03))), VEC, 12),
                     metric_series(12, improving=1)),
        # 1.5e-7 → 1.5e-8 → 1.5e-9 reduce by 1.35e-7 and 1.35e-8 > eps 1e-8; the next (1.35e-9 < eps) is not applied.
        with_metrics(case(g, "plateau-eps-stops-reductions", cfg11(adam(plateau(1.5e-7, patience=0, factor=0.1))), MLP, 8),
                     metric_series(8, improving=0)),
        with_metrics(case(g, "plateau-every-third-update", cfg11(adam(plateau(1e-2, patience=0, factor=0.5)), decoupled(0.1)), TWO, 18),
                     metric_series(18, improving=2, every=3)),
        with_metrics(case(g, "plateau-groups-scale", cfg11(adam(plateau(1e-2, patience=1, factor=0.2)), decoupled(0.1),
                                                           groups=[{"params": {"include": ["**/bias"]}, "learningRateScale": 0.1}]), MLP, 12),
                     metric_series(12, improving=2)),
        with_metrics(case(g, "plateau-relative-decay", cfg11(sgd(plateau(0.1, patience=1, factor=0.5), momentum=0.9), decoupled(0.1, "relative")),
                          MLP, 12), metric_series(12, improving=2)),
        with_metrics(case(g, "plateau-with-accumulate", cfg11(lion(plateau(1e-3, patience=0, factor=0.5)), gradient={"accumulate": 2}), MLP, 16),
                     metric_series(8, improving=2)),
        with_metrics(case(g, "plateau-corrected-anchor", cfg11(adam(plateau(1e-2, patience=1, factor=0.3)), anchor(0.5, "corrected")), TWO, 12),
                     metric_series(12, improving=2, phase=2.0)),
    ]
    # --- Decay additions: `scaling: "corrected"` (s_t = η_t²/η_peak) and `timescale`.
    g = "corrected"
    C += [
        case(g, "corrected-adamw-cosine", cfg11(adam(cosine(1e-2, 12)), decoupled(0.1, "corrected")), MLP, 12),
        case(g, "corrected-sgd-step", cfg11(sgd({"type": "step", "initial": 0.1, "stepSize": 3, "gamma": 0.5}, momentum=0.9),
                                             decoupled(0.5, "corrected")), TWO, 12),
        case(g, "corrected-constant-lr", cfg11(adam(1e-2), decoupled(0.1, "corrected")), VEC, 6),
        case(g, "corrected-anchor-onecycle", cfg11(adam({"type": "one-cycle", "maximum": 1e-2, "totalSteps": 12}), anchor(0.5, "corrected")), MLP, 12),
        case(g, "corrected-proximal-l1", cfg11(sgd(cosine(0.1, 10)), l1(0.05, "proximal", "corrected")), MLP, 10),
        case(g, "corrected-cautious-nadam", cfg11(nadam(cosine(1e-2, 10)), decoupled(0.2, "corrected", True)), MLP, 10),
        case(g, "corrected-lion-warmup", cfg11(lion({"type": "warmup", "steps": 3, "start": 1e-4, "then": cosine(1e-3, 9)}),
                                               decoupled(1.0, "corrected")), MLP, 12),
    ]
    g = "timescale"
    C += [
        case(g, "timescale-adamw", cfg11(adam(1e-2), timescale("decoupled", 1000), version=1.1), MLP, 8),
        case(g, "timescale-adamw-cosine-peak", cfg11(adam(cosine(1e-2, 10)), timescale("decoupled", 50), version=1.1), MLP, 10),
        case(g, "timescale-relative", cfg11(adam(cosine(1e-2, 10)), timescale("decoupled", 20, "relative"), version=1.1), MLP, 10),
        case(g, "timescale-none-sgd", cfg11(sgd(0.1, momentum=0.9), timescale("decoupled", 200, "none"), version=1.1), TWO, 8),
        case(g, "timescale-corrected-radam", cfg11(radam(cosine(1e-2, 12)), timescale("decoupled", 10, "corrected"), version=1.1), MLP, 12),
        case(g, "timescale-anchor", cfg11(adam(1e-2), timescale("anchor", 20), version=1.1), MLP, 8),
        case(g, "timescale-groups-use-top-peak", cfg11(adam(1e-2), timescale("decoupled", 10), version=1.1,
                                                       groups=[{"params": {"minRank": 2}, "learningRateScale": 0.5}]), MLP, 8),
        case(g, "timescale-lion-cautious", cfg11(lion(1e-3), timescale("decoupled", 500, cautious=True), version=1.1), MLP, 8),
        case(g, "timescale-plus-rate-terms", cfg11(adam(1e-2), l2(1e-3), timescale("decoupled", 100, params={"minRank": 2}), version=1.1), MLP, 8),
    ]
    # --- Added later. A seed follows its case's list position, so new cases go last and no earlier case changes:
    # a group's own reduce-on-plateau rate has its own counters, stepped by the same reports.
    g = "plateau"
    C += [
        with_metrics(case(g, "plateau-group-own-rate", cfg11(adam(1e-2), decoupled(0.1),
                                                             groups=[{"params": {"include": ["encoder/**"]},
                                                                      "optimizer": {"learningRate": plateau(5e-2, patience=1, factor=0.5)}}]),
                          TWO, 14), metric_series(14, improving=2)),
        with_metrics(case(g, "plateau-group-and-top-differ", cfg11(adam(plateau(1e-2, patience=3, factor=0.5)), decoupled(0.1, "relative"),
                                                                   groups=[{"params": {"minRank": 2}, "learningRateScale": 0.5,
                                                                            "optimizer": {"type": "sgd", "momentum": 0.9,
                                                                                          "learningRate": plateau(0.1, patience=0, factor=0.3, cooldown=1)}}]),
                          MLP, 14), metric_series(14, improving=2, phase=0.5)),
        with_metrics(case(g, "plateau-group-own-lion-mode-max", cfg11(sgd(0.05, momentum=0.9), l2(0.01),
                                                                      groups=[{"params": {"include": ["head/**"]},
                                                                               "optimizer": {"type": "lion", "learningRate": plateau(3e-3, mode="max", patience=1, factor=0.2)}}]),
                          TWO, 12), metric_series(12, improving=2, maximize=True)),
    ]
    return C
