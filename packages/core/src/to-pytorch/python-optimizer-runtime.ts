/**
 * The optimizer object of the emitted PyTorch module, in Python: the pinned
 * order of one update (docs/guides/decay-contract.md, "Order inside one
 * update") around a `torch.optim` step, its state, and the JSON checkpoint
 * helpers that `pytorch-checkpoint.ts` writes and reads.
 *
 * It relies on the definitions emitted before it: `CONFIG`, `PEAK_LEARNING_RATE`,
 * `make_schedule`, `plan_decay`, `plan_groups`, `make_plateau` and its helpers, and `UNITS`,
 * `GROUP_TORCH_OPTIONS`, `GROUP_PEAK_LEARNING_RATES` (python-groups.ts) over the `make_torch_optimizer`,
 * `SLOTS`, `INITIAL_SLOT_VALUE`, `TORCH_STEP_KIND`, `step_direction` of each optimizer.
 *
 * @packageDocumentation
 */

/** Format tag of the module's `state_dict()`. */
export const pytorchStateFormat = 'weight-decay-torch/1';

/** Format tag of the JSON checkpoint (model weights plus optimizer state) shared with `@weight-decay/core`. */
export const pytorchCheckpointFormat = 'weight-decay-torch-checkpoint/1';

/** Python source of `WeightDecayOptimizer`, `build_optimizer` and the checkpoint helpers. */
export const pythonOptimizerRuntime = String.raw`
STATE_FORMAT = "${pytorchStateFormat}"
CHECKPOINT_FORMAT = "${pytorchCheckpointFormat}"


def _term_scale(term, learning_rate, peak_learning_rate):
    """s_t of a decay term: 1 for coupled terms, else by its scaling (eta_t and eta_peak of the parameter's group)."""
    if term["type"] == "l2" or (term["type"] == "l1" and term["method"] == "subgradient"):
        return 1.0
    scaling = term["scaling"]
    if scaling == "learning-rate":
        return learning_rate
    if scaling == "relative":
        # A learning rate that is 0 everywhere has nothing to be relative to: no decay.
        return 0.0 if peak_learning_rate == 0 else learning_rate / peak_learning_rate
    if scaling == "corrected":
        # Config 1.1 (AdamC): eta_t^2 / eta_peak.
        return 0.0 if peak_learning_rate == 0 else (learning_rate * learning_rate) / peak_learning_rate
    return 1.0


def _decay_coefficients(term_indices, coefficients):
    """The sums of s_t * rate_t, by kind, of the terms touching one parameter."""
    c = {"l2": 0.0, "l1": 0.0, "shrink": 0.0, "anchor": 0.0, "cautious": 0.0, "cautious_anchor": 0.0, "threshold": 0.0}
    for i in term_indices:
        term = CONFIG["decay"][i]
        kind = term["type"]
        if kind == "l2":
            c["l2"] += coefficients[i]
        elif kind == "l1":
            c["l1" if term["method"] == "subgradient" else "threshold"] += coefficients[i]
        elif kind == "decoupled":
            c["cautious" if term["cautious"] else "shrink"] += coefficients[i]
        elif kind == "anchor":
            c["cautious_anchor" if term["cautious"] else "anchor"] += coefficients[i]
    return c


def _soft_threshold(p, threshold):
    # sign(p) * max(|p| - threshold, 0); a NaN weight stays NaN rather than becoming an exact zero.
    excess = p.abs() - threshold
    return torch.where(excess > 0, torch.sign(p) * excess, torch.where(excess <= 0, torch.zeros_like(p), p))


def _where_ge_zero(direction, x, coefficient):
    """coefficient * x where direction * x >= 0 (the step already moves x toward zero), else 0."""
    return torch.where(direction * x >= 0, coefficient * x, torch.zeros_like(x))


def _checked_named_parameters(named_parameters):
    named = list(named_parameters)
    seen = set()
    for i, item in enumerate(named):
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise ParameterError("#%d" % i, "expected a (name, parameter) pair as model.named_parameters() gives")
        name, p = item
        if not isinstance(name, str) or name == "":
            raise ParameterError("#%d" % i, "expected a non-empty string name, received %r" % (name,))
        if not isinstance(p, torch.Tensor):
            raise ParameterError(name, "expected a torch.Tensor, received %s" % type(p).__name__)
        if name in seen:
            raise ParameterError(name, "appears twice in the parameter list")
        seen.add(name)
    return named


def _tensor_like(value, p, path):
    """A state entry (a tensor, or a list of numbers flat or nested) as a tensor shaped and typed like p."""
    if isinstance(value, torch.Tensor):
        tensor = value.detach().to(dtype=p.dtype, device=p.device)
    elif isinstance(value, (list, tuple)):
        tensor = torch.as_tensor(value, dtype=p.dtype, device=p.device)
    else:
        raise StateError(path, "expected a tensor or a list of numbers, received %s" % type(value).__name__)
    if tensor.numel() != p.numel():
        raise StateError(path, "expected %d elements (shape %s), received %d" % (p.numel(), list(p.shape), tensor.numel()))
    return tensor.reshape(p.shape).clone()


class _ParameterHolder(torch.nn.Module):
    """The optimized parameters as one module (sharing their storage), for torch.optim.swa_utils.AveragedModel."""

    def __init__(self, params):
        super().__init__()
        self.params = torch.nn.ParameterList(
            [p if isinstance(p, torch.nn.Parameter) else torch.nn.Parameter(p, requires_grad=p.requires_grad) for p in params]
        )


def _make_averaged(params):
    """CONFIG["average"] as PyTorch's AveragedModel: an EMA avg_fn, or its default plain mean (SWA)."""
    average = CONFIG.get("average")
    if average is None:
        return None, None
    holder = _ParameterHolder(params)
    if average["type"] == "ema":
        d = average["decay"]
        return holder, torch.optim.swa_utils.AveragedModel(holder, avg_fn=lambda a, p, _n: d * a + (1 - d) * p)
    return holder, torch.optim.swa_utils.AveragedModel(holder)


class WeightDecayOptimizer:
    """The config's optimizer and decay terms on PyTorch parameters; make it with build_optimizer."""

    def __init__(self, named_parameters, anchors=None, unmatched="error"):
        named = _checked_named_parameters(named_parameters)
        self._names = [name for name, _ in named]
        self._params = [p for _, p in named]
        ranks = {name: p.dim() for name, p in named}
        plan = plan_decay(CONFIG["decay"], ranks, unmatched)
        #: Per decay term of CONFIG["decay"], the names of the parameters it touches.
        self.plan = plan
        #: Per entry of CONFIG["groups"] (config 1.1), the names of its parameters (the first group selecting one wins).
        self.group_plan = plan_groups(CONFIG.get("groups", []), ranks, unmatched)
        self._group_of = {name: None for name in self._names}
        for index, names in enumerate(self.group_plan):
            for name in names:
                self._group_of[name] = index
        self._terms_of = {name: [i for i, names in enumerate(plan) if name in names] for name in self._names}
        self._anchored = {name: any(CONFIG["decay"][i]["type"] == "anchor" for i in self._terms_of[name]) for name in self._names}
        self._given_anchors = {}
        for name, value in (anchors or {}).items():
            if name not in self._terms_of:
                raise ParameterError(name, "anchors names a parameter the optimizer does not have")
            p = self._params[self._names.index(name)]
            if self._anchored[name]:
                self._given_anchors[name] = _tensor_like(value, p, "anchors[%s]" % json.dumps(name))
        # theta_0 of anchor terms: given, else captured at the first update (as the reference does).
        self._anchors = dict(self._given_anchors)
        learning_rate = CONFIG["optimizer"]["learningRate"]
        self._learning_rate = None if is_plateau(learning_rate) else make_schedule(learning_rate)
        self._rates = [make_schedule(term["rate"]) for term in CONFIG["decay"]]
        own_rates = [group["optimizer"].get("learningRate") for group in CONFIG.get("groups", [])]
        self._group_learning_rates = [None if own is None or is_plateau(own) else make_schedule(own) for own in own_rates]
        self._make_torch_optimizers()
        # A reduce-on-plateau rate is torch's ReduceLROnPlateau over a one-group holder optimizer: the
        # top level's, which groups without a rate of their own scale, and each group's own; every
        # reported metric steps them all (docs/guides/config-1.1.md).
        self._plateau = make_plateau(learning_rate)
        self._group_plateaus = [make_plateau(own) for own in own_rates]
        self._step = 0
        self._holder, self._averaged = _make_averaged(self._params)
        # Config 1.1 "gradient": the open accumulation window (sums of its micro-batch gradients) and the skip count.
        self._gradient = dict({"accumulate": 1, "nonFinite": "propagate"}, **CONFIG.get("gradient", {}))
        self._held = None
        self._micro_batches = 0
        #: Updates dropped by gradient.nonFinite "skip".
        self.skipped_updates = 0
        #: The global gradient norm N of the last update's g before clipping (as clip_grad_norm_ returns it).
        self.grad_norm = None

    def _learning_rate_at(self, t):
        if self._plateau is not None:
            return plateau_rate(self._plateau)
        return float(self._learning_rate(t))

    def _group_learning_rate_at(self, index, t, top):
        """A group's eta_t before its learningRateScale: its own rate (a schedule, or reduce-on-plateau), else the top level's."""
        if self._group_plateaus[index] is not None:
            return plateau_rate(self._group_plateaus[index])
        own = self._group_learning_rates[index]
        return float(own(t)) if own is not None else top

    def _make_torch_optimizers(self):
        """The top-level torch optimizer, its param groups (the ungrouped parameters, then each group that only
        overrides fields, with its options), and a torch optimizer per group with an optimizer of its own."""
        self._unit_of = {}
        self._torch_optimizers = {}
        #: (group index or None, torch param group) pairs whose lr is set before every step.
        self._lr_groups = []
        top = [(None, [p for name, p in zip(self._names, self._params) if self._group_of[name] is None])]
        for index, names in enumerate(self.group_plan):
            params = [self._params[self._names.index(name)] for name in names]
            if GROUP_TORCH_OPTIONS[index] is not None:
                top.append((index, params))
            elif params:
                self._torch_optimizers[index] = UNITS[index]["make"](params)
                self._lr_groups.append((index, self._torch_optimizers[index].param_groups[0]))
                self._unit_of.update((name, index) for name in names)
        top = [(index, params) for index, params in top if params]
        if top or not self._torch_optimizers:
            options = [GROUP_TORCH_OPTIONS[index] if index is not None else {} for index, _ in top]
            param_groups = [dict(option, params=params) for option, (_, params) in zip(options, top)]
            self._torch_optimizers[None] = make_torch_optimizer(param_groups or self._params)
            self._lr_groups += [(index, group) for (index, _), group in zip(top, self._torch_optimizers[None].param_groups)]
        for name in self._names:
            self._unit_of.setdefault(name, None)

    @property
    def step_count(self):
        """Completed updates t."""
        return self._step

    def learning_rate(self):
        """eta_t, the learning rate the next update uses."""
        return self._learning_rate_at(self._step)

    def zero_grad(self, set_to_none=True):
        """Clears every parameter's .grad (as torch.optim.Optimizer.zero_grad)."""
        for torch_optimizer in self._torch_optimizers.values():
            torch_optimizer.zero_grad(set_to_none=set_to_none)

    @torch.no_grad()
    def step(self):
        """One micro-batch from each parameter's current .grad: "updated", "accumulated" or "skipped".

        Without a "gradient" section every call updates. With one (config 1.1), the update of
        every accumulate-th call uses the mean of the window's gradients, clipped by
        clip_grad_norm_ / clip_grad_value_ before the coupled terms. The .grad tensors are left as they were.
        """
        gradients = self._gradients()
        settings = self._gradient
        if settings["nonFinite"] == "error":
            for name, g in zip(self._names, gradients):
                if not bool(torch.isfinite(g).all()):
                    raise ParameterError(name, 'the gradient holds NaN or Infinity (gradient.nonFinite is "error"); nothing was changed')
        k = settings["accumulate"]
        if self._micro_batches + 1 < k:
            self._held = [g.clone() for g in gradients] if self._held is None else [h + g for h, g in zip(self._held, gradients)]
            self._micro_batches += 1
            return "accumulated"
        if k > 1:
            gradients = [(h + g) / k for h, g in zip(self._held, gradients)] if self._held is not None else [g / k for g in gradients]
        self._held = None
        self._micro_batches = 0
        if settings["nonFinite"] == "skip" and not all(bool(torch.isfinite(g).all()) for g in gradients):
            self.skipped_updates += 1
            return "skipped"
        self.grad_norm = float(torch.norm(torch.stack([torch.norm(g, 2.0) for g in gradients]), 2.0))
        clip = settings.get("clip")
        if clip is not None:
            gradients = self._clipped(gradients, clip)
        self._update(gradients)
        return "updated"

    def _clipped(self, gradients, clip):
        """g clipped by torch's own utilities, on copies set as .grad for the call; the caller's .grad are put back."""
        raw = [p.grad for p in self._params]
        try:
            for p, g in zip(self._params, gradients):
                p.grad = g.clone()
            if clip["type"] == "global-norm":
                torch.nn.utils.clip_grad_norm_(self._params, clip["maxNorm"])
            elif clip["type"] == "norm":
                for p in self._params:
                    torch.nn.utils.clip_grad_norm_([p], clip["maxNorm"])
            else:
                torch.nn.utils.clip_grad_value_(self._params, clip["maxValue"])
            return [p.grad for p in self._params]
        finally:
            for p, g in zip(self._params, raw):
                p.grad = g

    def _gradients(self):
        # Every check before any change, so a bad call leaves parameters and state as they were.
        gradients = []
        for name, p in zip(self._names, self._params):
            g = p.grad
            if g is None:
                raise ParameterError(name, "has no .grad (every parameter is updated together: call backward() first)")
            if g.is_sparse:
                raise ParameterError(name, "has a sparse .grad; only dense gradients are supported")
            if g.shape != p.shape:
                raise ParameterError(name, "expected a .grad of shape %s, received %s" % (list(p.shape), list(g.shape)))
            gradients.append(g)
        return gradients

    def _update(self, gradients):
        t = self._step
        lr = self._learning_rate_at(t)
        rates = [float(rate(t)) for rate in self._rates]
        # eta_t and eta_peak of the top level (None) and of each group: learningRateScale times its own rate or the top level's.
        scalars = {None: (lr, PEAK_LEARNING_RATE)}
        for index, group in enumerate(CONFIG.get("groups", [])):
            scalars[index] = (group["learningRateScale"] * self._group_learning_rate_at(index, t, lr), GROUP_PEAK_LEARNING_RATES[index])
        coefficients = {
            key: [_term_scale(term, group_lr, peak) * rate for term, rate in zip(CONFIG["decay"], rates)]
            for key, (group_lr, peak) in scalars.items()
        }
        for index, param_group in self._lr_groups:
            param_group["lr"] = scalars[index][0]
        pending = []
        for name, p, g in zip(self._names, self._params, gradients):
            c = _decay_coefficients(self._terms_of[name], coefficients[self._group_of[name]])
            if self._anchored[name] and self._anchors.get(name) is None:
                self._anchors[name] = p.detach().clone()
            theta = p.detach().clone() if (c["anchor"] or c["cautious"] or c["cautious_anchor"]) else None
            # 1. Coupled terms change g, using theta_t.
            if c["l1"]:
                g = g + c["l1"] * torch.sign(p)
            if c["l2"]:
                g = g + c["l2"] * p
            # 2. Decoupled and anchor terms shrink theta_t before the step (PyTorch AdamW's p.mul_(1 - lr * wd)).
            if c["shrink"]:
                p.mul_(1 - c["shrink"])
            if c["anchor"]:
                p.sub_(c["anchor"] * (theta - self._anchors[name]))
            pending.append((name, p, g, c, theta))
        # 3. The torch.optim step, fed the changed gradients; the caller's .grad tensors are put back.
        raw = [p.grad for p in self._params]
        try:
            for _, p, g, _, _ in pending:
                p.grad = g
            for torch_optimizer in self._torch_optimizers.values():
                torch_optimizer.step()
        finally:
            for p, g in zip(self._params, raw):
                p.grad = g
        for name, p, g, c, theta in pending:
            # Cautious terms shrink only where the step moves theta_t (or theta_t - theta_0) toward zero.
            if c["cautious"] or c["cautious_anchor"]:
                unit = self._unit_of[name]
                direction = UNITS[unit]["direction"](self._torch_optimizers[unit].state[p], g)
                if c["cautious"]:
                    p.sub_(_where_ge_zero(direction, theta, c["cautious"]))
                if c["cautious_anchor"]:
                    p.sub_(_where_ge_zero(direction, theta - self._anchors[name], c["cautious_anchor"]))
            # 4. Proximal L1 after the step: exact zeros.
            if c["threshold"]:
                p.copy_(_soft_threshold(p, c["threshold"]))
        self._step = t + 1
        # 5. The average takes theta after the update (uniform: from update start + 1 on).
        if self._averaged is not None and (CONFIG["average"]["type"] == "ema" or self._step > CONFIG["average"]["start"]):
            self._averaged.update_parameters(self._holder)

    def report_metric(self, value):
        """Reports a metric (e.g. the epoch's validation loss) to a reduce-on-plateau learning rate (config 1.1).

        The same as scheduler.step(value) of torch's ReduceLROnPlateau; the next step uses the rate it leaves.
        """
        schedulers = [s for s in [self._plateau, *self._group_plateaus] if s is not None]
        if not schedulers:
            raise ConfigError(
                "optimizer.learningRate",
                'a "reduce-on-plateau" learning rate (top level or a group\'s) to report metrics to',
                CONFIG["optimizer"]["learningRate"],
            )
        for scheduler in schedulers:
            scheduler.step(float(value))

    @property
    def averaged_model(self):
        """The torch.optim.swa_utils.AveragedModel keeping CONFIG["average"], or None without one."""
        return self._averaged

    def _averaged_count(self):
        return 0 if self._averaged is None else int(self._averaged.n_averaged)

    def averaged_parameters(self):
        """(name, tensor) pairs of the averaged weights (config "average"); None before the first averaged update.

        Copy them into a model to evaluate or save it with them, e.g. with torch.no_grad():
        for (name, a) in optimizer.averaged_parameters(): dict(model.named_parameters())[name].copy_(a).
        """
        if self._averaged is None:
            raise ConfigError("average", 'an "average" ({"type": "ema"} or {"type": "uniform"}) to read averaged weights from', None)
        if self._averaged_count() == 0:
            return None
        return [(name, a.detach().clone()) for name, a in zip(self._names, self._averaged.module.params)]

    def state_dict(self):
        """The whole state: completed updates, per parameter its optimizer slots and anchor. Tensors are copies."""
        parameters = {}
        for name, p in zip(self._names, self._params):
            unit = self._unit_of[name]
            state = self._torch_optimizers[unit].state.get(p, {})
            slots = {}
            for slot, key in UNITS[unit]["slots"].items():
                value = state.get(key)
                slots[slot] = value.detach().clone() if value is not None else torch.full_like(p, UNITS[unit]["initial"]).detach()
            entry = {"shape": list(p.shape), "slots": slots}
            if self._anchors.get(name) is not None:
                entry["anchor"] = self._anchors[name].clone()
            if self._held is not None:
                entry["accumulator"] = self._held[self._names.index(name)].clone()
            parameters[name] = entry
        state = {"format": STATE_FORMAT, "config": copy.deepcopy(CONFIG), "step": self._step, "parameters": parameters}
        if self._plateau is not None:
            state["plateau"] = plateau_state(self._plateau)
        if any(s is not None for s in self._group_plateaus):
            state["groupPlateaus"] = [None if s is None else plateau_state(s) for s in self._group_plateaus]
        if self._averaged_count() > 0:
            state["averaged"] = self._averaged_count()
            for name, a in zip(self._names, self._averaged.module.params):
                parameters[name]["average"] = a.detach().clone()
        if "gradient" in CONFIG:
            state["gradient"] = {"microBatches": self._micro_batches, "skippedUpdates": self.skipped_updates}
        return state

    def load_state_dict(self, state_dict):
        """Replaces the state with one from state_dict() (or converted from a Node checkpoint).

        Slots and anchors may be tensors or lists of numbers. Everything is checked first
        (StateError naming the entry), so nothing changes on error.
        """
        step, incoming, averaged = self._checked_state(state_dict)
        window = self._checked_window(state_dict, incoming)
        plateau = None
        if self._plateau is not None and state_dict.get("plateau") is not None:
            plateau = checked_plateau(state_dict["plateau"], "plateau")
        group_plateaus = self._checked_group_plateaus(state_dict.get("groupPlateaus"))
        if self._averaged is not None:
            self._averaged.n_averaged.fill_(averaged)
            with torch.no_grad():
                for name, a in zip(self._names, self._averaged.module.params):
                    if averaged > 0:
                        a.copy_(incoming[name][2])
        for name, p in zip(self._names, self._params):
            slots, anchor, _, _ = incoming[name]
            unit = UNITS[self._unit_of[name]]
            torch_optimizer = self._torch_optimizers[self._unit_of[name]]
            if step > 0 or unit["step_kind"] is not None:
                state = {unit["slots"][slot]: value for slot, value in slots.items()}
                if unit["step_kind"] == "tensor":
                    state["step"] = torch.tensor(float(step))
                elif unit["step_kind"] == "int":
                    state["step"] = step
                torch_optimizer.state[p] = state
            else:
                torch_optimizer.state.pop(p, None)
            self._anchors[name] = anchor if anchor is not None else self._given_anchors.get(name)
        # A state saved without plateau counters restarts them, as core's updater does.
        self._plateau = make_plateau(CONFIG["optimizer"]["learningRate"])
        if plateau is not None:
            load_plateau(self._plateau, plateau)
        self._group_plateaus = [make_plateau(group["optimizer"].get("learningRate")) for group in CONFIG.get("groups", [])]
        for scheduler, saved in zip(self._group_plateaus, group_plateaus):
            if scheduler is not None and saved is not None:
                load_plateau(scheduler, saved)
        self._step = step
        self._micro_batches, self.skipped_updates = window
        self._held = [incoming[name][3] for name in self._names] if self._micro_batches > 0 else None

    def _checked_group_plateaus(self, saved):
        """The saved groupPlateaus entries, checked, one per group (None where there is nothing to restore)."""
        count = len(self._group_plateaus)
        if saved is None:
            return [None] * count
        if not isinstance(saved, list) or len(saved) != count:
            raise StateError("groupPlateaus", "expected a list of %d entries (one per group, null without a plateau rate)" % count)
        return [
            None if scheduler is None or value is None else checked_plateau(value, "groupPlateaus[%d]" % i)
            for i, (scheduler, value) in enumerate(zip(self._group_plateaus, saved))
        ]

    def _checked_window(self, state_dict, incoming):
        window = state_dict.get("gradient", {"microBatches": 0, "skippedUpdates": 0})
        held, skipped = window.get("microBatches"), window.get("skippedUpdates")
        k = self._gradient["accumulate"]
        if isinstance(held, bool) or not isinstance(held, int) or not 0 <= held < k:
            raise StateError("gradient.microBatches", "expected an integer in [0, %d], received %r" % (k - 1, held))
        if isinstance(skipped, bool) or not isinstance(skipped, int) or skipped < 0:
            raise StateError("gradient.skippedUpdates", "expected an integer >= 0, received %r" % (skipped,))
        for name in self._names:
            if (incoming[name][3] is None) != (held == 0):
                raise StateError("parameters[%s].accumulator" % json.dumps(name), "is required exactly while the window holds micro-batches")
        return held, skipped

    def _checked_state(self, state_dict):
        if not isinstance(state_dict, dict):
            raise StateError("(state)", "expected a dict")
        if state_dict.get("format") != STATE_FORMAT:
            raise StateError("format", "expected %s, received %r" % (json.dumps(STATE_FORMAT), state_dict.get("format")))
        if state_dict.get("config") != CONFIG:
            raise StateError("config", "the state was saved with a different config than this module's")
        step = state_dict.get("step")
        if isinstance(step, bool) or not isinstance(step, int) or step < 0:
            raise StateError("step", "expected an integer >= 0, received %r" % (step,))
        parameters = state_dict.get("parameters")
        if not isinstance(parameters, dict):
            raise StateError("parameters", "expected a dict by parameter name")
        for name in parameters:
            if name not in self._terms_of:
                raise StateError("parameters[%s]" % json.dumps(name), "not a parameter of this optimizer")
        averaged = state_dict.get("averaged", 0)
        if isinstance(averaged, bool) or not isinstance(averaged, int) or averaged < 0 or averaged > step:
            raise StateError("averaged", "expected an integer in [0, step %d] (updates averaged), received %r" % (step, averaged))
        incoming = {}
        for name, p in zip(self._names, self._params):
            path = "parameters[%s]" % json.dumps(name)
            entry = parameters.get(name)
            if not isinstance(entry, dict):
                raise StateError(path, "missing")
            if list(entry.get("shape", [])) != list(p.shape):
                raise StateError(path + ".shape", "expected %s, received %r" % (list(p.shape), entry.get("shape")))
            saved = entry.get("slots")
            expected = UNITS[self._unit_of[name]]["slots"]
            if not isinstance(saved, dict) or set(saved) != set(expected):
                raise StateError(path + ".slots", "expected the slots %s" % sorted(expected))
            slots = {slot: _tensor_like(saved[slot], p, "%s.slots.%s" % (path, slot)) for slot in expected}
            anchor = entry.get("anchor")
            if anchor is not None:
                anchor = _tensor_like(anchor, p, path + ".anchor")
            average = entry.get("average")
            if averaged > 0 and average is None:
                raise StateError(path + ".average", "missing (the state holds %d averaged updates)" % averaged)
            if average is not None:
                average = _tensor_like(average, p, path + ".average")
            held = entry.get("accumulator")
            if held is not None:
                held = _tensor_like(held, p, path + ".accumulator")
            incoming[name] = (slots, anchor, average, held)
        return step, incoming, averaged


def build_optimizer(named_parameters, anchors=None, unmatched="error"):
    """The config's optimizer over named_parameters, a list of (name, parameter) pairs as model.named_parameters() gives.

    anchors: theta_0 of anchor terms by name (default: the weights at the first update).
    unmatched: "error" (default) raises ConfigError for an include pattern or name matching
    no parameter; "warn" warns instead.
    """
    return WeightDecayOptimizer(named_parameters, anchors=anchors, unmatched=unmatched)


def _json_tree(value):
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().reshape(-1).tolist()
    if isinstance(value, dict):
        return {key: _json_tree(entry) for key, entry in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_tree(entry) for entry in value]
    return value


def checkpoint_to_json(model_state_dict, optimizer_state_dict):
    """Model weights and this module's optimizer state as JSON-safe data (the format @weight-decay/core converts)."""
    model = {}
    for key, value in model_state_dict.items():
        model[key] = {"shape": list(value.shape), "dtype": str(value.dtype).replace("torch.", ""), "values": _json_tree(value)}
    return {"format": CHECKPOINT_FORMAT, "model": model, "optimizer": _json_tree(optimizer_state_dict)}


def checkpoint_from_json(data, dtype=torch.float32):
    """(model_state_dict, optimizer_state_dict) from checkpoint_to_json's data or @weight-decay/core's converter.

    Weights become tensors (of their recorded dtype, else dtype); the optimizer state keeps lists,
    which load_state_dict accepts.
    """
    if not isinstance(data, dict) or data.get("format") != CHECKPOINT_FORMAT:
        raise StateError("format", "expected a %s checkpoint" % json.dumps(CHECKPOINT_FORMAT))
    model = {}
    for key, entry in data["model"].items():
        kind = getattr(torch, entry["dtype"]) if "dtype" in entry else dtype
        model[key] = torch.tensor(entry["values"], dtype=kind).reshape(entry["shape"])
    return model, data["optimizer"]
`;
