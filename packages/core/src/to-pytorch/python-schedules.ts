/**
 * The schedules of the portable config as Python functions of t, for the
 * emitted PyTorch module. Each closed form follows `schedules/schedule-formulas.ts`
 * operation by operation (the contract is docs/guides/decay-contract.md,
 * "Schedules"), so the module and the float64 reference agree to a few ulps.
 *
 * @packageDocumentation
 */

/** Python source of `make_schedule(s)`: a number or schedule dict → a function of t. */
export const pythonSchedules = String.raw`
def _count_reached(steps, t):
    """How many of the increasing steps are <= t."""
    return bisect.bisect_right(steps, t)


def _scaled_power(initial, gamma, exponent):
    # 0 when initial is 0: 0 * inf would be NaN for a growing gamma.
    return 0.0 if initial == 0 else initial * gamma ** exponent


def _interpolate(start, end, t, steps):
    if t >= steps:
        return end
    value = start + ((end - start) * t) / steps
    # The rounded product could overshoot end by an ulp; a rate never turns negative.
    return min(max(value, min(start, end)), max(start, end))


def _anneal_cos(start, end, pct):
    # PyTorch OneCycleLR's _annealing_cos.
    return end + ((start - end) / 2.0) * (math.cos(math.pi * pct) + 1)


def _cosine_at(initial, minimum, current, period):
    return minimum + ((initial - minimum) * (1 + math.cos((math.pi * current) / period))) / 2


def _restart_position(t, first_period, multiplier):
    # PyTorch CosineAnnealingWarmRestarts.step(epoch), its log rounding included.
    if t < first_period:
        return t, first_period
    if multiplier == 1:
        return t % first_period, first_period
    n = int(math.log((t / first_period) * (multiplier - 1) + 1) / math.log(multiplier))
    current = t - (first_period * (multiplier ** n - 1)) / (multiplier - 1)
    return current, first_period * multiplier ** n


def _one_cycle(s):
    maximum, total = s["maximum"], s["totalSteps"]
    initial_lr = maximum / s["divFactor"]
    min_lr = initial_lr / s["finalDivFactor"]
    warmup_end = s["pctStart"] * total - 1
    end = total - 1

    def value(t):
        if t <= warmup_end:
            return _anneal_cos(initial_lr, maximum, 1 if warmup_end == 0 else t / warmup_end)
        if t >= end:
            return min_lr
        return _anneal_cos(maximum, min_lr, (t - warmup_end) / (end - warmup_end))

    return value


def make_schedule(s):
    """A number or a schedule of the config as a function of t, the number of completed updates."""
    if not isinstance(s, dict):
        constant = float(s)
        return lambda t: constant
    kind = s["type"]
    if kind == "constant":
        constant = float(s["value"])
        return lambda t: constant
    if kind == "step":
        return lambda t: _scaled_power(s["initial"], s["gamma"], t // s["stepSize"])
    if kind == "multistep":
        return lambda t: _scaled_power(s["initial"], s["gamma"], _count_reached(s["milestones"], t))
    if kind == "exponential":
        def exponential(t):
            steps = s["transitionSteps"]
            exponent = t // steps if s["staircase"] else t / steps
            return max(s["floor"], _scaled_power(s["initial"], s["gamma"], exponent))
        return exponential
    if kind == "cosine":
        return lambda t: _cosine_at(s["initial"], s["minimum"], min(t, s["decaySteps"]), s["decaySteps"])
    if kind == "cosine-restarts":
        def restarts(t):
            current, period = _restart_position(t, s["firstPeriod"], s["periodMultiplier"])
            return _cosine_at(s["initial"], s["minimum"], current, period)
        return restarts
    if kind == "linear":
        return lambda t: _interpolate(s["start"], s["end"], t, s["steps"])
    if kind == "polynomial":
        return lambda t: (s["initial"] - s["end"]) * (1 - min(t, s["decaySteps"]) / s["decaySteps"]) ** s["power"] + s["end"]
    if kind == "inverse-time":
        def inverse_time(t):
            progress = t // s["decaySteps"] if s["staircase"] else t / s["decaySteps"]
            return s["initial"] / (1 + s["decayRate"] * progress)
        return inverse_time
    if kind == "piecewise":
        return lambda t: s["values"][_count_reached(s["boundaries"], t)]
    if kind == "one-cycle":
        return _one_cycle(s)
    if kind == "warmup":
        then = make_schedule(s["then"])
        target = then(0)
        return lambda t: _interpolate(s["start"], target, t, s["steps"]) if t < s["steps"] else then(t - s["steps"])
    if kind == "sequence":
        pieces = [make_schedule(piece) for piece in s["schedules"]]
        boundaries = s["boundaries"]

        def sequence(t):
            # Piece i runs at local time t - boundaries[i - 1] (PyTorch SequentialLR).
            index = _count_reached(boundaries, t)
            return pieces[index](t if index == 0 else t - boundaries[index - 1])
        return sequence
    raise ConfigError("schedule.type", "a known schedule type", kind)
`;
