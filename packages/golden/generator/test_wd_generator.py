"""Self-checks of the generator: pnpm --filter @weight-decay/golden test:generator (needs PyTorch 1.13).

Where PyTorch has the optimizer, the hand-written code must reproduce it; where it has
not (NAdam 2.x, Lion, corrected scaling, timescale), the numbers must agree with the
independent plain-Python replay of wd_check.py, and that replay must be able to tell the
hand-written formula from its plausible misreadings.
"""
import copy
import glob
import json
import os
import sys
import unittest

import torch

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate  # noqa: E402  (sets torch's default dtype to float64)
import wd_check  # noqa: E402
import wd_hand_optimizers as H  # noqa: E402
import wd_simulate  # noqa: E402
from wd_cases_11 import optimizer_cases_11  # noqa: E402


def random_run(make_optimizer, steps=12, seed=0):
    """θ after each of `steps` updates of make_optimizer([θ]) on fixed random gradients."""
    g = torch.Generator().manual_seed(seed)
    theta = torch.nn.Parameter(torch.randn(7, generator=g, dtype=torch.float64))
    opt = make_optimizer([theta])
    out = []
    for _ in range(steps):
        theta.grad = torch.randn(7, generator=g, dtype=torch.float64)
        opt.step()
        out.append(theta.detach().clone())
    return out


def contract_run(config, steps=12, seed=0):
    """The same run by wd_check's formulas: θ ← θ − η·u (plain Python floats)."""
    g = torch.Generator().manual_seed(seed)
    theta = torch.randn(7, generator=g, dtype=torch.float64).tolist()
    state = {}
    out = []
    for k in range(1, steps + 1):
        grad = torch.randn(7, generator=g, dtype=torch.float64).tolist()
        u = wd_check.direction(config, state, grad, k)
        theta = [x - config["learningRate"] * d for x, d in zip(theta, u)]
        out.append(torch.tensor(theta))
    return out


def assert_runs_close(case, a, b, rtol=1e-12):
    for i, (x, y) in enumerate(zip(a, b)):
        case.assertTrue(torch.allclose(x, y, rtol=rtol, atol=1e-15), f"update {i + 1}: {x.tolist()} vs {y.tolist()}")


class HandOptimizers(unittest.TestCase):
    def test_nadam_with_the_old_line_is_torch_1_13_nadam_bit_for_bit(self):
        for wd in (0.0, 0.01):
            ours = random_run(lambda p: H.NAdam(p, lr=1e-2, momentum_decay=0.05, weight_decay=wd, pytorch_113_bug=True))
            torch_113 = random_run(lambda p: torch.optim.NAdam(p, lr=1e-2, momentum_decay=0.05, weight_decay=wd))
            for x, y in zip(ours, torch_113):
                self.assertTrue(torch.equal(x, y))

    def test_nadam_2x_differs_from_1_13_and_equals_the_contract_formula(self):
        fixed = random_run(lambda p: H.NAdam(p, lr=1e-2, momentum_decay=0.05))
        old = random_run(lambda p: torch.optim.NAdam(p, lr=1e-2, momentum_decay=0.05))
        self.assertGreater(float((fixed[-1] - old[-1]).abs().max()), 1e-6)
        assert_runs_close(self, fixed, contract_run({"type": "nadam", "learningRate": 1e-2, "momentumDecay": 0.05}))

    def test_lion_equals_the_contract_formula(self):
        ours = random_run(lambda p: H.Lion(p, lr=1e-3, betas=(0.9, 0.95)))
        assert_runs_close(self, ours, contract_run({"type": "lion", "learningRate": 1e-3, "beta2": 0.95}))

    def test_lion_sign_of_zero_is_zero(self):
        p = torch.nn.Parameter(torch.tensor([0.5, -0.5]))
        opt = H.Lion([p], lr=0.1)
        p.grad = torch.tensor([0.0, 2.0])
        opt.step()
        self.assertEqual(p.detach().tolist(), [0.5, -0.6])

    def test_torch_adamax_radam_adadelta_equal_the_contract_formulas(self):
        for cls, config in ((torch.optim.Adamax, {"type": "adamax", "learningRate": 1e-2}),
                            (torch.optim.RAdam, {"type": "radam", "learningRate": 1e-2}),
                            (torch.optim.Adadelta, {"type": "adadelta", "learningRate": 1.0})):
            with self.subTest(config["type"]):
                ours = random_run(lambda p: cls(p, lr=config["learningRate"], foreach=False))
                assert_runs_close(self, ours, contract_run(config), rtol=1e-11)


class CommittedFixtures(unittest.TestCase):
    def test_every_committed_1_1_case_agrees_with_the_independent_replay(self):
        files = sorted(glob.glob(os.path.join(generate.FIXTURES_11, "*", "*.json")))
        checked = 0
        for f in files:
            with open(f, encoding="utf-8") as fh:
                fixture = json.load(fh)
            if fixture["kind"] == "optimizer":
                wd_check.confirm(fixture)
                checked += 1
        self.assertGreaterEqual(checked, 100)


def spec_named(name):
    return next(s for s in optimizer_cases_11() if s["name"] == name)


class ReplayTellsMisreadingsApart(unittest.TestCase):
    """Numbers computed from a misreading of the contract, labelled with the right config, are rejected."""

    def misread(self, name, mutate):
        spec = spec_named(name)
        wrong = copy.deepcopy(spec)
        mutate(wrong["config"])
        fixture = generate.build_optimizer_case(wrong, 0, generate.STEP_KEYS)
        fixture["config"] = spec["config"]
        with self.assertRaises(AssertionError):
            wd_check.confirm(fixture)
        fixture = generate.build_optimizer_case(spec, 0, generate.STEP_KEYS)
        wd_check.confirm(fixture)  # and the right reading, on the same inputs, passes

    def test_corrected_is_not_learning_rate_scaling(self):
        self.misread("corrected-adamw-cosine", lambda c: c["decay"][0].update(scaling="learning-rate"))

    def test_timescale_uses_the_peak_learning_rate(self):
        def as_rate(c):
            c["decay"][0] = {"type": "decoupled", "rate": 1 / 1000}
        self.misread("timescale-adamw", as_rate)

    def test_global_norm_is_not_per_tensor(self):
        self.misread("clip-global-norm-adamw", lambda c: c["gradient"]["clip"].update(type="norm"))

    def test_plateau_cooldown_counts(self):
        self.misread("plateau-cooldown", lambda c: c["optimizer"]["learningRate"].update(cooldown=0))

    def test_ema_decay_and_group_scale_count(self):
        self.misread("ema-0.9-adamw", lambda c: c["average"].update(decay=0.8))
        self.misread("groups-scale-encoder-adamw", lambda c: c["groups"][0].update(learningRateScale=0.2))

    def test_lion_momentum_uses_beta2(self):
        self.misread("lion-defaults", lambda c: c["optimizer"].update(beta2=0.9))

    def test_nadam_1_13_bug_is_rejected(self):
        class Nadam113(H.NAdam):
            def __init__(self, params, **kw):
                super().__init__(params, **kw, pytorch_113_bug=True)

        spec = spec_named("nadam-defaults")
        saved = wd_simulate.OPTIMIZERS["nadam"]
        wd_simulate.OPTIMIZERS["nadam"] = (Nadam113,) + saved[1:]
        try:
            fixture = generate.build_optimizer_case(spec, 0, generate.STEP_KEYS)
        finally:
            wd_simulate.OPTIMIZERS["nadam"] = saved
        with self.assertRaises(AssertionError):
            wd_check.confirm(fixture)


if __name__ == "__main__":
    unittest.main()
