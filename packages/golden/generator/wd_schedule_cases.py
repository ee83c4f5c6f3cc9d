"""Schedule cases (kind "schedule"): the schedule as a user writes it, and its values at t = 0..n-1."""


def schedule_cases():
    cos = lambda i, n, m=None: {"type": "cosine", "initial": i, "decaySteps": n, **({"minimum": m} if m is not None else {})}
    S = [
        # PyTorch StepLR
        ("step-gamma-half", {"type": "step", "initial": 0.1, "stepSize": 3, "gamma": 0.5}, 20),
        ("step-every-update", {"type": "step", "initial": 1.0, "stepSize": 1, "gamma": 0.9}, 15),
        ("step-default-gamma", {"type": "step", "initial": 0.5, "stepSize": 4}, 13),
        # MultiStepLR
        ("multistep-default-gamma", {"type": "multistep", "initial": 0.1, "milestones": [2, 5, 9]}, 12),
        ("multistep-consecutive", {"type": "multistep", "initial": 0.1, "milestones": [1, 2, 3], "gamma": 0.5}, 8),
        # ExponentialLR
        ("exponential-0.95", {"type": "exponential", "initial": 0.1, "gamma": 0.95}, 30),
        ("exponential-0.5", {"type": "exponential", "initial": 1.0, "gamma": 0.5}, 10),
        # CosineAnnealingLR (t ≤ T_max, where PyTorch and config.md agree)
        ("cosine-to-zero", cos(0.1, 10), 11),
        ("cosine-with-minimum", cos(1e-2, 20, 1e-4), 21),
        # CosineAnnealingWarmRestarts
        ("cosine-restarts-tmult1", {"type": "cosine-restarts", "initial": 0.1, "firstPeriod": 5}, 21),
        ("cosine-restarts-tmult2", {"type": "cosine-restarts", "initial": 0.1, "firstPeriod": 3, "periodMultiplier": 2, "minimum": 0.001}, 30),
        ("cosine-restarts-tmult3", {"type": "cosine-restarts", "initial": 1.0, "firstPeriod": 2, "periodMultiplier": 3}, 30),
        # LinearLR
        ("linear-warmup", {"type": "linear", "start": 0.025, "end": 0.1, "steps": 5}, 12),
        ("linear-decay", {"type": "linear", "start": 0.1, "end": 0.01, "steps": 8}, 12),
        # PolynomialLR
        ("polynomial-power-1", {"type": "polynomial", "initial": 0.1, "decaySteps": 10}, 14),
        ("polynomial-power-2", {"type": "polynomial", "initial": 0.1, "decaySteps": 10, "power": 2.0}, 14),
        ("polynomial-power-half", {"type": "polynomial", "initial": 1.0, "decaySteps": 8, "power": 0.5}, 12),
        # OneCycleLR (cosine, two phases, cycle_momentum off)
        ("one-cycle-defaults", {"type": "one-cycle", "maximum": 0.01, "totalSteps": 20}, 20),
        ("one-cycle-custom", {"type": "one-cycle", "maximum": 0.1, "totalSteps": 30, "pctStart": 0.25, "divFactor": 10.0, "finalDivFactor": 100.0}, 30),
        # SequentialLR
        ("sequence-linear-cosine", {"type": "sequence", "schedules": [{"type": "linear", "start": 0.01, "end": 0.1, "steps": 4}, cos(0.1, 12)], "boundaries": [4]}, 17),
        ("sequence-three-pieces", {"type": "sequence", "schedules": [{"type": "linear", "start": 0.05, "end": 0.1, "steps": 3},
                                                                     {"type": "exponential", "initial": 0.1, "gamma": 0.9},
                                                                     {"type": "step", "initial": 0.1, "stepSize": 2, "gamma": 0.5}], "boundaries": [3, 8]}, 16),
        ("warmup-then-cosine", {"type": "warmup", "steps": 5, "start": 0.001, "then": cos(0.01, 10)}, 16),
        ("warmup-then-multistep", {"type": "warmup", "steps": 3, "start": 0.02, "then": {"type": "multistep", "initial": 0.1, "milestones": [4, 6], "gamma": 0.5}}, 12),
        # Closed form only (PyTorch has no equivalent); config.md's formula evaluated in float64.
        ("constant", {"type": "constant", "value": 0.003}, 5),
        ("cosine-clamped-after-decay-steps", cos(0.1, 6, 0.01), 12),
        ("exponential-staircase-transition", {"type": "exponential", "initial": 0.1, "gamma": 0.5, "transitionSteps": 3, "staircase": True}, 12),
        ("exponential-smooth-transition", {"type": "exponential", "initial": 0.1, "gamma": 0.5, "transitionSteps": 4}, 12),
        ("exponential-floor", {"type": "exponential", "initial": 0.1, "gamma": 0.5, "floor": 0.01}, 10),
        ("polynomial-with-end", {"type": "polynomial", "initial": 0.1, "end": 0.02, "decaySteps": 6, "power": 2.0}, 10),
        ("inverse-time", {"type": "inverse-time", "initial": 0.1, "decayRate": 0.5}, 10),
        ("inverse-time-staircase", {"type": "inverse-time", "initial": 0.1, "decayRate": 1.0, "decaySteps": 3, "staircase": True}, 12),
        ("piecewise", {"type": "piecewise", "boundaries": [2, 5], "values": [0.1, 0.05, 0.01]}, 8),
        ("warmup-from-zero", {"type": "warmup", "steps": 4, "then": 0.1}, 8),
        ("sequence-with-constants", {"type": "sequence", "schedules": [0.1, {"type": "linear", "start": 0.1, "end": 0.0, "steps": 4}, 0.0], "boundaries": [3, 7]}, 10),
    ]
    return S
