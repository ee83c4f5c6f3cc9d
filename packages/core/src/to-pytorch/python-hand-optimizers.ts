/**
 * Python optimizer classes for the types `torch.optim` lacks or gets wrong,
 * emitted into the module next to the config's optimizer (see
 * torch-optimizer-source.ts). They follow torch's single-tensor code shape:
 * state per parameter, in-place operations in the parameter's dtype.
 *
 * @packageDocumentation
 */

/**
 * NAdam by PyTorch ≥ 2.0's formula (docs/guides/config-1.1.md, "New
 * optimizers") on any PyTorch. `torch.optim.NAdam` of 1.13 multiplies μ_k into
 * the second denominator twice; 2.x's is right but keeps `mu_product` as state
 * that the module's state_dict (slots and step only) does not carry. This
 * class keeps P_k too, and after a load recomputes it from the step count in
 * the same order of multiplications, which gives the same number.
 */
export function pythonNadamClass(name: string): string {
  return `
class ${name}(torch.optim.Optimizer):
    """NAdam as PyTorch >= 2.0 computes it, on every PyTorch version (1.13's has a fixed bug)."""

    def __init__(self, params, lr, betas, eps, momentum_decay):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, momentum_decay=momentum_decay))

    @staticmethod
    def momentum(beta1, momentum_decay, k):
        """mu_k = beta1 * (1 - 0.5 * 0.96 ** (k * psi))."""
        return beta1 * (1.0 - 0.5 * 0.96 ** (k * momentum_decay))

    @staticmethod
    def direction(state, gradient, beta1, momentum_decay):
        """(1 - mu_k) / (1 - P_k) * g + mu_{k+1} / (1 - P_k * mu_{k+1}) * m after the step: the sign of u."""
        k = int(state["step"])
        mu = ${name}.momentum(beta1, momentum_decay, k)
        mu_next = ${name}.momentum(beta1, momentum_decay, k + 1)
        product = state["mu_product"]
        return gradient * ((1.0 - mu) / (1.0 - product)) + state["exp_avg"] * (mu_next / (1.0 - product * mu_next))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, eps, psi = group["lr"], group["eps"], group["momentum_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                state = self.state[p]
                if not state:
                    state["step"] = torch.tensor(0.0)
                    state["exp_avg"] = torch.zeros_like(p)
                    state["exp_avg_sq"] = torch.zeros_like(p)
                if "mu_product" not in state:
                    # P_k, multiplied in PyTorch's order i = 1, 2, ..., k (after a load the state has the step alone).
                    product = 1.0
                    for i in range(1, int(state["step"]) + 1):
                        product *= ${name}.momentum(beta1, psi, i)
                    state["mu_product"] = product
                state["step"] += 1
                k = int(state["step"])
                bias_correction2 = 1 - beta2 ** k
                mu = ${name}.momentum(beta1, psi, k)
                mu_next = ${name}.momentum(beta1, psi, k + 1)
                state["mu_product"] *= mu
                mu_product = state["mu_product"]
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
                p.addcdiv_(grad, denom, value=-lr * (1.0 - mu) / (1.0 - mu_product))
                p.addcdiv_(exp_avg, denom, value=-lr * mu_next / (1.0 - mu_product * mu_next))`;
}

/**
 * Lion (Chen et al. 2023; optax `lion`), which PyTorch does not have:
 * u = sign(β1·m + (1−β1)·g) with sign(0) = 0, then m ← β2·m + (1−β2)·g,
 * θ ← θ − η·u. Its weight decay is the config's `decoupled` term, applied
 * around this step by the module. The last u stays in the state (not in the
 * module's state_dict) for cautious terms, which read its sign after the step.
 */
export function pythonLionClass(name: string): string {
  return `
class ${name}(torch.optim.Optimizer):
    """Lion: the sign of an interpolation of momentum and gradient; one state tensor, exp_avg."""

    def __init__(self, params, lr, betas):
        super().__init__(params, dict(lr=lr, betas=betas))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "exp_avg" not in state:
                    state["exp_avg"] = torch.zeros_like(p)
                exp_avg = state["exp_avg"]
                update = (exp_avg * beta1).add_(p.grad, alpha=1 - beta1).sign_()
                exp_avg.mul_(beta2).add_(p.grad, alpha=1 - beta2)
                p.add_(update, alpha=-group["lr"])
                state["update"] = update`;
}
