"""Optimizers PyTorch 1.13 lacks or has wrong, written by hand as torch.optim.Optimizer subclasses.

They follow torch's own single-tensor code shape (state per parameter, in-place ops in the
parameters' dtype), so the simulation drives them exactly like torch's optimizers: the
cautious-mask trick (a step on a zeroed deep copy), param groups, per-group lr all work.

* NAdam: the config 1.1 contract's, i.e. PyTorch ≥ 2.0's. PyTorch 1.13's
  ``_single_tensor_nadam`` computes ``mu_product_next = mu_product * mu * mu_next`` after
  ``mu_product`` already holds μ_k, so μ_k enters the second denominator twice; 2.x uses
  ``mu_product * mu_next``. ``pytorch_113_bug=True`` reproduces the old line, and
  test_wd_generator.py checks that this class then equals torch.optim.NAdam 1.13 to the
  last bit: the class is torch's code except for that one fixed line.
* Lion (Chen et al. 2023; optax ``scale_by_lion``): u = sign(β1·m + (1−β1)·g) with
  sign(0) = 0, then m ← β2·m + (1−β2)·g. No weight decay of its own: in the portable
  config Lion's decay is a `decoupled` term, applied by the simulation.
"""
import torch


class NAdam(torch.optim.Optimizer):
    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-8, momentum_decay=4e-3, weight_decay=0.0,
                 pytorch_113_bug=False):
        # A default, not an attribute: Optimizer's deepcopy (the cautious shadow step) keeps only state and groups.
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, momentum_decay=momentum_decay,
                                      weight_decay=weight_decay, pytorch_113_bug=pytorch_113_bug))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            psi, lr, eps, wd = group["momentum_decay"], group["lr"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                grad = p.grad if wd == 0 else p.grad.add(p, alpha=wd)
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["mu_product"] = 1.0
                    state["exp_avg"] = torch.zeros_like(p)
                    state["exp_avg_sq"] = torch.zeros_like(p)
                state["step"] += 1
                k = state["step"]
                bias_correction2 = 1 - beta2 ** k
                mu = beta1 * (1. - 0.5 * (0.96 ** (k * psi)))
                mu_next = beta1 * (1. - 0.5 * (0.96 ** ((k + 1) * psi)))
                state["mu_product"] *= mu
                mu_product = state["mu_product"]
                mu_product_next = mu_product * mu * mu_next if group["pytorch_113_bug"] else mu_product * mu_next
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
                p.addcdiv_(grad, denom, value=-lr * (1. - mu) / (1. - mu_product))
                p.addcdiv_(exp_avg, denom, value=-lr * mu_next / (1. - mu_product_next))


class Lion(torch.optim.Optimizer):
    def __init__(self, params, lr, betas=(0.9, 0.99)):
        super().__init__(params, dict(lr=lr, betas=betas))

    def directions(self):
        """c = β1·m + (1−β1)·g per parameter, whose sign is the step (for conditioning checks)."""
        out = []
        for group in self.param_groups:
            beta1, _ = group["betas"]
            for p in group["params"]:
                m = self.state[p]["exp_avg"] if self.state[p] else torch.zeros_like(p)
                out.append(m * beta1 + p.grad * (1 - beta1))
        return out

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                state = self.state[p]
                if not state:
                    state["exp_avg"] = torch.zeros_like(p)
                exp_avg = state["exp_avg"]
                update = (exp_avg * beta1).add_(p.grad, alpha=1 - beta1).sign_()
                exp_avg.mul_(beta2).add_(p.grad, alpha=1 - beta2)
                p.add_(update, alpha=-group["lr"])
